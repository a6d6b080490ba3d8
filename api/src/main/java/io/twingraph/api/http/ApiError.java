package io.twingraph.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every TwinGraph HTTP response, the same shape as Eclipse Ditto's:
 * {@code {"status": 404, "error": "things:thing.notfound", "message": "...", "description": "..."}}, with
 * {@code errors} listing structured details when there are several things to fix (compile errors with their lines).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(int status, String error, String message, String description, java.util.List<?> errors) {

    public ApiError(int status, String error, String message, String description) {
        this(status, error, message, description, null);
    }
}
