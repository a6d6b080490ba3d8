package io.twingraph.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of every TwinGraph HTTP response, the same shape as Eclipse Ditto's:
 * {@code {"status": 404, "error": "things:thing.notfound", "message": "...", "description": "..."}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String error, String message, String description) {
}
