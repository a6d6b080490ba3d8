package io.twingraph.api.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.error.TwinGraphException;

/**
 * {@code GET /api/audit} for admins: the newest entries, filtered by {@code subject}, {@code since}, {@code until}
 * (ISO-8601 instants), {@code method} and {@code path} (a prefix), at most {@code limit} (default 100, up to 10000).
 * There is deliberately no route that changes the log.
 */
public final class AuditRoutes implements RouteGroup {
    private final AuditLog log;

    public AuditRoutes(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/audit", this::find, Role.ADMIN);
    }

    private void find(Context ctx) {
        int limit = ctx.queryParam("limit") == null ? 100 : ctx.queryParamAsClass("limit", Integer.class)
                .check(l -> l > 0 && l <= 10_000, "limit must be between 1 and 10000").get();
        AuditQuery query = new AuditQuery(ctx.queryParam("subject"), instant(ctx, "since"), instant(ctx, "until"),
                ctx.queryParam("method"), ctx.queryParam("path"), limit);
        ctx.json(Map.of("entries", log.find(query)));
    }

    private static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TwinGraphException("audit:parameter.invalid", TwinGraphException.Kind.INVALID,
                    "'" + name + "' is not an ISO-8601 instant: " + value, "Example: 2026-11-24T10:00:00Z");
        }
    }
}
