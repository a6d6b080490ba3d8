package io.twingraph.engine.command;

import java.time.Instant;
import java.util.Objects;

import io.twingraph.twins.DeviceCommand;

/**
 * What became of a device command: the device reported the desired value (confirmed), it did not within the time
 * limit (sent but not confirmed, which is a different answer from done), or it could not be sent at all.
 *
 * @param sentAt    when the command left (or was refused)
 * @param settledAt when the outcome was known
 * @param detail    a sentence for people: what was seen, or why it failed
 */
public record CommandOutcome(DeviceCommand command, Status status, Instant sentAt, Instant settledAt, String detail) {

    /** How a command ended. */
    public enum Status {
        /** The twin shows the desired value (reported by the device, or already so when the command was sent). */
        CONFIRMED,
        /** The command was sent but the twin did not show the desired value within the time limit. */
        NOT_CONFIRMED,
        /** The command could not be sent (unknown thing, no device connection, broker down). */
        FAILED
    }

    public CommandOutcome {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(settledAt, "settledAt");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean confirmed() {
        return status == Status.CONFIRMED;
    }
}
