package io.twingraph.twins;

import java.util.Objects;

/**
 * One message from a transport that redelivers what it did not see acknowledged (MQTT at QoS 1), with what the inbox
 * must do once the command in it is safe. "Accepted" means journaled: the inbox calls
 * {@link Acknowledgement#accepted()} only after the command is on disk (or was recognised as a redelivery of one that
 * is), so a message whose acknowledgement never reached the broker is redelivered, never lost.
 *
 * @param source          where it came from, for dead letters and logs (e.g. the MQTT topic)
 * @param payload         the raw payload, kept (shortened) in a dead letter if the command fails
 * @param messageId       identifies the message to the transport, for telling a redelivery from a new message; null
 *                        when the transport never redelivers (MQTT QoS 0)
 * @param redelivered     the transport says it may have delivered this message before (MQTT's DUP flag)
 * @param acknowledgement told exactly once what became of the message
 */
public record Delivery(String source, String payload, MessageId messageId, boolean redelivered,
                       Acknowledgement acknowledgement) {

    /**
     * How many deliveries a transport may leave unacknowledged at once (the MQTT connector's receive maximum). A
     * redelivered message can only repeat one of that many most recent deliveries, because acknowledgements are sent in
     * arrival order; the engine looks no further back, which keeps an old message that happened to reuse the same id
     * and payload from being mistaken for the original.
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
     * @param fingerprint a hash of what the message says (topic and payload): a packet id is reused once acknowledged,
     *                    so only the same key with the same fingerprint is the same message
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
