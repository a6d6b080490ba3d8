package io.twingraph.error;

import java.util.Objects;

/**
 * The one unchecked exception TwinGraph's modules throw for failures a caller can act on.
 *
 * <p>Every instance carries a stable {@code module:kind} {@link #code()} (for example {@code sparql:query.invalid}), a
 * {@link Kind} that the HTTP layer maps to a status in one place, a message saying what went wrong and a description
 * saying what to do about it.
 */
public class TwinGraphException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure this is; decides the HTTP status. */
    public enum Kind {
        /** The request itself is wrong (400). */
        INVALID,
        /** The caller gave no valid credentials (401). */
        UNAUTHENTICATED,
        /** The caller is known but may not do this (403). */
        FORBIDDEN,
        /** The addressed resource does not exist (404). */
        NOT_FOUND,
        /** The request conflicts with the current state (409). */
        CONFLICT,
        /** The request or payload is larger than allowed (413). */
        TOO_LARGE,
        /** The caller sent more requests than its rate allows (429). */
        RATE_LIMITED,
        /** The work took longer than its time limit and was cancelled (503). */
        TIMEOUT,
        /** A dependency (broker, store) is not available right now (503). */
        UNAVAILABLE,
        /** A bug or an unexpected state (500). */
        INTERNAL
    }

    private final String code;
    private final Kind kind;
    private final String description;

    public TwinGraphException(String code, Kind kind, String message, String description) {
        this(code, kind, message, description, null);
    }

    public TwinGraphException(String code, Kind kind, String message, String description, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.description = description;
    }

    /** Stable error code, {@code module:kind}. */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** What the caller can do about it; may be null. */
    public String description() {
        return description;
    }

    /**
     * Structured details a client can act on, one element each (for instance every compile error with its line); the
     * API renders them as {@code errors}. Empty by default.
     */
    public java.util.List<?> details() {
        return java.util.List.of();
    }
}
