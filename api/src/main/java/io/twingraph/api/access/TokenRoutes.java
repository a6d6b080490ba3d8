package io.twingraph.api.access;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.http.Json;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.error.TwinGraphException;

/**
 * {@code GET /api/me} (who am I, what may I do) for every caller with a token, and token administration for admins:
 * {@code GET /api/tokens}, {@code POST /api/tokens} (the token text is in that one response only) and
 * {@code DELETE /api/tokens/{idOrSubject}}.
 */
public final class TokenRoutes implements RouteGroup {
    private final TokenStore tokens;
    private final Clock clock;

    public TokenRoutes(TokenStore tokens, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a client sends to issue a token. */
    record NewToken(String subject, List<String> roles, String note) {
    }

    /** What the caller learns about itself. */
    record Me(String subject, Set<Role> roles, String tokenId, boolean anonymous) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/me", ctx -> {
            Principal p = Access.principal(ctx);
            ctx.json(new Me(p.subject(), effectiveRoles(p), p.tokenId(), p.isAnonymous()));
        }, Role.READER);
        routes.get("/api/tokens", ctx -> ctx.json(Map.of("tokens", tokens.list())), Role.ADMIN);
        routes.post("/api/tokens", this::create, Role.ADMIN);
        routes.delete("/api/tokens/{id}", ctx -> {
            String id = ctx.pathParam("id");
            List<TokenRecord> revoked = tokens.revoke(id, Instant.now(clock));
            AuditLogDetail.set(ctx, "revoked " + revoked.stream().map(TokenRecord::id).toList());
            ctx.json(Map.of("revoked", revoked));
        }, Role.ADMIN);
    }

    private void create(Context ctx) {
        NewToken body = Json.read(ctx.body(), NewToken.class);
        if (body.roles() == null || body.roles().isEmpty()) {
            throw new TwinGraphException("access:roles.missing", TwinGraphException.Kind.INVALID,
                    "Name at least one role.", "roles: any of reader, operator, author, planner, admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : body.roles()) {
            try {
                roles.add(Role.of(r));
            } catch (IllegalArgumentException e) {
                throw new TwinGraphException("access:roles.invalid", TwinGraphException.Kind.INVALID, e.getMessage(), null);
            }
        }
        IssuedToken issued = tokens.create(body.subject(), roles, body.note(), Instant.now(clock));
        AuditLogDetail.set(ctx, "issued " + issued.record().id() + " to " + issued.record().subject() + " " + roles);
        ctx.status(201).json(issued);
    }

    /** The roles as the caller can use them: every role includes reader, admin includes all. */
    static Set<Role> effectiveRoles(Principal p) {
        Set<Role> all = EnumSet.noneOf(Role.class);
        for (Role r : Role.values()) {
            if (r != Role.PUBLIC && p.has(r)) {
                all.add(r);
            }
        }
        return all;
    }
}
