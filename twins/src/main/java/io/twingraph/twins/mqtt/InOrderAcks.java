package io.twingraph.twins.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends PUBACKs in the order the messages arrived, each once its message is settled. MQTT 5 asks a receiver to
 * acknowledge in arrival order (section 4.6), and the engine's redelivery check relies on it: while a message is
 * unacknowledged, so is every later one, so a redelivered message can only repeat one of the last
 * {@link io.twingraph.twins.Delivery#MAX_UNACKNOWLEDGED} deliveries.
 *
 * <p>Messages are settled from two threads (Paho's callback thread for undecodable input, the engine's writer once a
 * command is journaled); sending under this object's lock keeps the acknowledgements in order. After the connection
 * is lost, tickets of the old connection are dropped: the broker redelivers those messages on the new one.
 */
final class InOrderAcks {
    private static final Logger LOG = LoggerFactory.getLogger(InOrderAcks.class);

    /** Sends one PUBACK. */
    @FunctionalInterface
    interface Sender {
        void ack(int messageId, int qos) throws Exception;
    }

    /** One arrived message awaiting its acknowledgement. */
    static final class Ticket {
        private final int messageId;
        private final int qos;
        private final long connection;
        private boolean settled;
        private boolean acknowledge;

        private Ticket(int messageId, int qos, long connection) {
            this.messageId = messageId;
            this.qos = qos;
            this.connection = connection;
        }
    }

    private final Sender sender;
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private long connection;

    InOrderAcks(Sender sender) {
        this.sender = sender;
    }

    /** A message arrived; call on the thread that delivers messages, in arrival order. */
    synchronized Ticket arrived(int messageId, int qos) {
        Ticket ticket = new Ticket(messageId, qos, connection);
        waiting.addLast(ticket);
        return ticket;
    }

    /**
     * The message is settled: acknowledge it ({@code acknowledge}) or leave it for the broker to redeliver. Its
     * acknowledgement, and those of later settled messages, go out once every earlier message is settled too.
     */
    synchronized void settle(Ticket ticket, boolean acknowledge) {
        if (ticket.connection != connection || ticket.settled) {
            return; // from a connection that is gone: the broker redelivers the message on the new one
        }
        ticket.settled = true;
        ticket.acknowledge = acknowledge;
        while (!waiting.isEmpty() && waiting.peekFirst().settled) {
            Ticket head = waiting.removeFirst();
            if (head.acknowledge) {
                try {
                    sender.ack(head.messageId, head.qos);
                } catch (Exception e) {
                    // not connected any more: the broker redelivers it, and the engine knows it for a redelivery
                    LOG.debug("PUBACK for message {} not sent: {}", head.messageId, e.toString());
                }
            }
        }
    }

    /** The connection is gone: what it delivered and did not acknowledge comes again on the next one. */
    synchronized void connectionLost() {
        connection++;
        waiting.clear();
    }

    /** Messages arrived and not acknowledged yet. */
    synchronized int unacknowledged() {
        return waiting.size();
    }
}
