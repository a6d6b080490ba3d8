package io.twingraph.twins;

/**
 * Where connectors hand the twin commands they decoded: the engine's single writer. {@link #submit} may block while
 * the writer catches up (back-pressure onto the broker). Commands that fail when applied are recorded as dead
 * letters by the inbox, with the given source. Connectors whose transport redelivers unacknowledged messages use
 * {@link #submit(TwinCommand, Delivery)} and acknowledge only when told the command is journaled.
 */
@FunctionalInterface
public interface TwinInbox {
    /**
     * @param command the decoded command
     * @param source  where it came from, for dead letters and logs (e.g. the MQTT topic)
     * @param payload the raw payload, kept (shortened) in a dead letter if the command fails
     */
    void submit(TwinCommand command, String source, String payload);

    /**
     * Submits a command from a message the transport will redeliver unless acknowledged. The inbox calls the delivery's
     * acknowledgement once the command is journaled (or recognised as a redelivery of a journaled one). This default,
     * for inboxes without a journal, accepts it as soon as it is queued.
     */
    default void submit(TwinCommand command, Delivery delivery) {
        submit(command, delivery.source(), delivery.payload());
        delivery.acknowledgement().accepted();
    }
}
