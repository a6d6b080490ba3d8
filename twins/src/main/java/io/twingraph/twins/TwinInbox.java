package io.twingraph.twins;

/**
 * Where connectors hand the twin commands they decoded: the engine's single writer. {@link #submit} may block while
 * the writer catches up (back-pressure onto the broker). Commands that fail when applied are recorded as dead
 * letters by the inbox, with the given source.
 */
@FunctionalInterface
public interface TwinInbox {
    /**
     * @param command the decoded command
     * @param source  where it came from, for dead letters and logs (e.g. the MQTT topic)
     * @param payload the raw payload, kept (shortened) in a dead letter if the command fails
     */
    void submit(TwinCommand command, String source, String payload);
}
