package io.twingraph.twins;

import java.util.Objects;

/**
 * One message from a transport that redelivers what it did not see acknowledged (MQTT at QoS 1), with what the inbox
 * must do once the command in it is safe. "Accepted" means journaled: the inbox calls
 * {@link Acknowledgement#accepted()} only after the command is on disk (or was recognised as a redelivery of one that
 * is), so a message whose acknowledgement never reached the broker is redelivered, never lost.
 *
 * <p>Redeliveries: when a connection resumes an earlier session, the broker first sends again, in their original order
 * and with their original packet ids, the messages it had not seen acknowledged. Acknowledgements go out in arrival
 * order, so the ones among them that were journaled come first. The connector marks the messages at the head of a
 * resumed connection with {@link #resumedConnection()}; the engine skips those it has journaled already and stops
 * looking at the first one it has not. (MQTT's DUP flag would say the same, but Paho does not pass it on, and not every
 * broker sets it.)
 *
 * @param source            where it came from, for dead letters and logs (e.g. the MQTT topic)
 * @param payload           the raw payload, kept (shortened) in a dead letter if the command fails
 * @param messageId         identifies the message to the transport, for telling a redelivery from a new message; null
 *                          when the transport never redelivers (MQTT QoS 0)
 * @param resumedConnection names the connection when the message arrived at the head of one that resumed an earlier
 *                          session, so that it may repeat a message delivered before; null when it cannot be a repeat
 * @param acknowledgement   told exactly once what became of the message
 */
public record Delivery(String source, String payload, MessageId messageId, String resumedConnection,
                       Acknowledgement acknowledgement) {

    /**
     * How many deliveries a transport may leave unacknowledged at once (the MQTT connector's receive maximum). A
     * redelivered message can only repeat one of that many most recent deliveries, because acknowledgements are sent in
     * arrival order; the engine looks no further back.
     */
    public static final int MAX_UNACKNOWLEDGED = 1000;

    public Delivery {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(acknowledgement, "acknowledgement");
    }

    /**
     * A message's identity as its transport sees it.
     *
     * @param key         the transport's id for it, unique among its unacknowledged messages (e.g. MQTT client id and
     *                    packet id)
     * @param fingerprint a hash of what the message says (topic and payload): a packet id is reused once acknowledged
     *                    (some brokers hand out the lowest free one every time), so only the same key with the same
     *                    fingerprint is the same message
     */
    public record MessageId(String key, long fingerprint) {
        public MessageId {
            Objects.requireNonNull(key, "key");
        }
    }

    /** What became of a delivered message; exactly one of the two is called, once. */
    public interface Acknowledgement {
        /** The command is journaled (or was refused for good, e.g. undecodable): acknowledge it to the transport. */
        void accepted();

        /** The command could not be journaled: do not acknowledge, so the transport delivers it again. */
        void notAccepted();

        /** For transports without acknowledgements. */
        Acknowledgement NONE = new Acknowledgement() {
            @Override
            public void accepted() {
            }

            @Override
            public void notAccepted() {
            }
        };
    }
}
