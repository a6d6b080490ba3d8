package io.twingraph.twins;

import java.time.Instant;
import java.util.Objects;

/**
 * Input that could not be accepted, with the reason.
 *
 * @param source  where it came from, e.g. the MQTT topic
 * @param code    stable reason code, e.g. {@code twins:payload.malformed}
 * @param reason  the reason in words
 * @param payload the start of the payload (at most {@link #EXCERPT_LENGTH} characters)
 */
public record DeadLetter(Instant at, String source, String code, String reason, String payload) {
    public static final int EXCERPT_LENGTH = 512;

    public DeadLetter {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        payload = payload == null ? "" : payload.length() > EXCERPT_LENGTH ? payload.substring(0, EXCERPT_LENGTH) : payload;
    }
}
