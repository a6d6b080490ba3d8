package io.twingraph.twins.ditto.live;

import java.io.IOException;
import java.net.http.HttpTimeoutException;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.signals.GlobalErrorRegistry;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

import io.twingraph.error.TwinGraphException;

/**
 * Ditto's answers that are not a success, as exceptions: Ditto's own error ({@code {"status","error","message",
 * "description"}}) becomes the matching {@link DittoRuntimeException} (Ditto's error registry parses it), anything else
 * a {@link TwinGraphException} by status. Also decides which failures mean "Ditto is down" for the circuit breaker.
 */
final class DittoErrors {
    static final String UNAVAILABLE = "ditto:unavailable";
    static final String CIRCUIT_OPEN = "ditto:circuit.open";

    private DittoErrors() {
    }

    /** The exception for a reply with a status outside 2xx. */
    static RuntimeException fromReply(int status, String body, String correlationId, String what) {
        JsonObject json = parseObject(body);
        if (json != null && json.getValue("error").filter(JsonValue::isString).isPresent()) {
            DittoHeaders headers = correlationId == null ? DittoHeaders.empty()
                    : DittoHeaders.newBuilder().correlationId(correlationId).build();
            try {
                return GlobalErrorRegistry.getInstance().parse(json, headers);
            } catch (RuntimeException unparsable) {
                // a malformed error body: fall through to the status
            }
        }
        String detail = json != null ? json.getValue("message").map(JsonValue::formatAsString).orElse(body) : body;
        return new TwinGraphException("ditto:http." + status, kindOf(status),
                what + ": Ditto answered " + status + (detail == null || detail.isBlank() ? "" : ": " + shorten(detail)),
                status == 401 || status == 403 ? "Check the Ditto credentials (--ditto-user/--ditto-password or "
                        + "TWINGRAPH_DITTO_TOKEN) and the policy of the things." : null);
    }

    /** A transport failure: Ditto could not be reached or did not answer in time. */
    static TwinGraphException unreachable(String what, Exception cause) {
        boolean timeout = cause instanceof HttpTimeoutException;
        return new TwinGraphException(UNAVAILABLE, timeout ? TwinGraphException.Kind.TIMEOUT
                : TwinGraphException.Kind.UNAVAILABLE,
                what + ": Ditto " + (timeout ? "did not answer in time" : "cannot be reached") + " ("
                        + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                        + ").",
                "TwinGraph keeps serving the last known state and reconnects by itself.", cause);
    }

    static TwinGraphException circuitOpen(String what, String baseUri) {
        return new TwinGraphException(CIRCUIT_OPEN, TwinGraphException.Kind.UNAVAILABLE,
                what + ": not tried, Ditto at " + baseUri + " failed too often recently (circuit breaker open).",
                "TwinGraph tries Ditto again after a pause; /health shows the breaker's state.");
    }

    /** True for failures that say Ditto itself is in trouble (they open the circuit breaker); 4xx replies are not. */
    static boolean dittoDown(Throwable t) {
        if (t instanceof DittoRuntimeException d) {
            return d.getHttpStatus().getCode() >= 500;
        }
        if (t instanceof TwinGraphException g) {
            return g.code().equals(UNAVAILABLE) || g.code().startsWith("ditto:http.5");
        }
        return t instanceof IOException;
    }

    /** A short text for status and logs. */
    static String describe(Throwable t) {
        if (t instanceof DittoRuntimeException d) {
            return d.getErrorCode() + " (" + d.getHttpStatus().getCode() + "): " + d.getMessage();
        }
        if (t instanceof TwinGraphException g) {
            return g.code() + ": " + g.getMessage();
        }
        return t.toString();
    }

    private static TwinGraphException.Kind kindOf(int status) {
        switch (status) {
            case 401:
                // TwinGraph's own credentials for Ditto are wrong: not the caller's fault, Ditto is out of reach
                return TwinGraphException.Kind.UNAVAILABLE;
            case 403:
                return TwinGraphException.Kind.FORBIDDEN;
            case 429:
                return TwinGraphException.Kind.RATE_LIMITED;
            case 404:
                return TwinGraphException.Kind.NOT_FOUND;
            case 409:
            case 412:
                return TwinGraphException.Kind.CONFLICT;
            case 413:
                return TwinGraphException.Kind.TOO_LARGE;
            case 408:
            case 504:
                return TwinGraphException.Kind.TIMEOUT;
            default:
                return status >= 500 ? TwinGraphException.Kind.UNAVAILABLE : TwinGraphException.Kind.INVALID;
        }
    }

    private static JsonObject parseObject(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonValue value = JsonFactory.readFrom(body);
            return value.isObject() ? value.asObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
