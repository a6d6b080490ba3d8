package io.twingraph.twins.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class InOrderAcksTest {
    private final List<Integer> sent = new CopyOnWriteArrayList<>();
    private final InOrderAcks acks = new InOrderAcks((id, qos) -> sent.add(id));

    @Test
    void acknowledgementsGoOutInArrivalOrderWhateverOrderTheMessagesAreSettledIn() {
        InOrderAcks.Ticket a = acks.arrived(1, 1);
        InOrderAcks.Ticket b = acks.arrived(2, 1);
        InOrderAcks.Ticket c = acks.arrived(3, 1);

        acks.settle(c, true);
        acks.settle(b, true);
        assertThat(sent).isEmpty();
        assertThat(acks.unacknowledged()).isEqualTo(3);

        acks.settle(a, true);
        assertThat(sent).containsExactly(1, 2, 3);
        assertThat(acks.unacknowledged()).isZero();
    }

    @Test
    void aMessageLeftForRedeliveryIsNotAcknowledgedAndDoesNotHoldBackLaterOnes() {
        InOrderAcks.Ticket a = acks.arrived(1, 1);
        InOrderAcks.Ticket b = acks.arrived(2, 1);
        acks.settle(b, true);
        acks.settle(a, false);
        assertThat(sent).containsExactly(2);
        acks.settle(a, true); // settled once only
        assertThat(sent).containsExactly(2);
    }

    @Test
    void afterTheConnectionIsLostItsMessagesAreNeverAcknowledgedOnTheNextOne() {
        InOrderAcks.Ticket old = acks.arrived(7, 1);
        acks.connectionLost();
        InOrderAcks.Ticket fresh = acks.arrived(7, 1);

        acks.settle(old, true);
        assertThat(sent).isEmpty();
        acks.settle(fresh, true);
        assertThat(sent).containsExactly(7);
    }

    @Test
    void aFailedSendIsSwallowedTheBrokerRedelivers() {
        InOrderAcks failing = new InOrderAcks((id, qos) -> {
            throw new IllegalStateException("not connected");
        });
        InOrderAcks.Ticket t = failing.arrived(1, 1);
        failing.settle(t, true);
        assertThat(failing.unacknowledged()).isZero();
    }
}
