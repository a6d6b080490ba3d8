package io.twingraph.api.http;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.error.TwinGraphException;

/**
 * Turns every failure into the one error shape ({@link ApiError}), in one place: TwinGraph's own errors by their kind,
 * Ditto's errors exactly as Ditto renders them, Javalin's HTTP errors, and anything unexpected as a 500.
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /** The HTTP status of a TwinGraph error kind. */
    public static int status(TwinGraphException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case RATE_LIMITED -> 429;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case TIMEOUT, UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    public static void register(JavalinDefaultRoutingApi routes) {
        routes.exception(TwinGraphException.class, (e, ctx) -> respond(ctx,
                new ApiError(status(e.kind()), e.code(), e.getMessage(), e.description(), e.details())));
        routes.exception(DittoRuntimeException.class, (e, ctx) -> ctx.status(e.getHttpStatus().getCode())
                .contentType("application/json").result(e.toJson().toString()));
        routes.exception(io.javalin.validation.ValidationException.class, (e, ctx) -> respond(ctx,
                new ApiError(400, "http:parameter.invalid", "Invalid parameter: " + e.getErrors(), null)));
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx,
                new ApiError(e.getStatus(), "http:" + e.getStatus(), e.getMessage(), null)));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unhandled error on {}", where(ctx), e);
            try {
                respond(ctx, new ApiError(500, "server:internal", "Internal error: " + e, "This is a bug; please report it."));
            } catch (RuntimeException gone) {
                // the request is already over (a stream finishing after the server stopped): nothing can be answered,
                // and throwing here would make Javalin call this handler again and again
                LOG.debug("No error response possible: {}", gone.toString());
            }
        });
        routes.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                respond(ctx, new ApiError(404, "http:404", "No resource at " + ctx.path(), null));
            }
        });
        routes.error(405, ctx -> {
            if (ctx.resultInputStream() == null) {
                respond(ctx, new ApiError(405, "http:405", "Method " + ctx.method() + " not allowed on " + ctx.path(), null));
            }
        });
    }

    /** Method and path, or what is known of them when the request object is no longer usable. */
    private static String where(Context ctx) {
        try {
            return ctx.method() + " " + ctx.path();
        } catch (RuntimeException e) {
            return "a request that has ended";
        }
    }

    /** Writes an error body with its status. */
    public static void respond(Context ctx, ApiError error) {
        ctx.status(error.status()).json(error);
    }
}
