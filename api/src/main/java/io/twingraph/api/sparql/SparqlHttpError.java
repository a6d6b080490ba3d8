package io.twingraph.api.sparql;

import java.util.Map;
import java.util.Objects;

import io.twingraph.api.http.ApiError;

/**
 * A protocol failure whose HTTP status has no {@link io.twingraph.error.TwinGraphException.Kind} (405, 406, 415).
 * {@link SparqlRoutes} renders it in the one error shape ({@link ApiError}) itself, so clients see the same body as
 * for every other error. Everything that does map to a kind is thrown as a {@code TwinGraphException} instead.
 */
final class SparqlHttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String description;
    private final Map<String, String> headers;

    SparqlHttpError(int status, String code, String message, String description, Map<String, String> headers) {
        super(Objects.requireNonNull(message, "message"));
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.description = description;
        this.headers = Map.copyOf(headers);
    }

    static SparqlHttpError unsupportedMediaType(String message) {
        return new SparqlHttpError(415, "sparql:media-type.unsupported", message,
                "POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query, in UTF-8.",
                Map.of("Accept-Post", SparqlRequest.ACCEPTED_POST_TYPES));
    }

    static SparqlHttpError notAcceptable(String message, String description) {
        return new SparqlHttpError(406, "sparql:format.unacceptable", message, description, Map.of());
    }

    static SparqlHttpError methodNotAllowed(String method) {
        return new SparqlHttpError(405, "sparql:method.unsupported",
                "Method " + method + " is not allowed on the SPARQL endpoint.",
                "Query with GET or POST.", Map.of("Allow", SparqlRoutes.ALLOWED_METHODS));
    }

    int status() {
        return status;
    }

    /** Extra response headers the status calls for (Allow with 405, Accept-Post with 415). */
    Map<String, String> headers() {
        return headers;
    }

    ApiError toApiError() {
        return new ApiError(status, code, getMessage(), description);
    }
}
