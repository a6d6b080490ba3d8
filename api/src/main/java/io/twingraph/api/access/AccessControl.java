package io.twingraph.api.access;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.security.RouteRole;
import io.twingraph.api.audit.AuditEntry;
import io.twingraph.api.audit.AuditLog;
import io.twingraph.api.http.RouteInfo;
import io.twingraph.error.TwinGraphException;

/**
 * The gate in front of every route: who is calling (a token as {@code Authorization: Bearer}, as the password of
 * Basic auth for SPARQL clients that only know that, or as {@code access_token} on an event stream, which browsers
 * cannot give headers), whether the route's role allows it, whether the body is small enough and the caller within
 * its rate; and afterwards, what gets written to the audit log.
 *
 * <p>Deny by default: the server does not start while a route has no role ({@link #checkRoutes}).
 */
public final class AccessControl {
    private static final String STARTED = "twingraph.started";
    private static final String ATTEMPT = "twingraph.attempt";

    private final TokenStore tokens;
    private final AccessSettings settings;
    private final RateLimits rates;
    private final AuditLog audit;
    private final Clock clock;

    public AccessControl(TokenStore tokens, AccessSettings settings, AuditLog audit, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rates = new RateLimits(settings);
    }

    public AccessSettings settings() {
        return settings;
    }

    /** Installs the check before every matched route and the audit after every request. */
    public void register(JavalinDefaultRoutingApi routes) {
        routes.beforeMatched(this::check);
        routes.after(this::record);
    }

    /**
     * Refuses a route table with a route that has no role or several: every route must say who may call it.
     *
     * @throws IllegalStateException naming the routes without exactly one role
     */
    public static void checkRoutes(List<RouteInfo> table) {
        List<String> bad = table.stream()
                .filter(r -> r.roles().size() != 1 || !(r.roles().iterator().next() instanceof Role))
                .map(r -> r.method() + " " + r.path())
                .toList();
        if (!bad.isEmpty()) {
            throw new IllegalStateException("Every route needs exactly one io.twingraph.api.access.Role; these have "
                    + "none or several: " + bad);
        }
    }

    private void check(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        Role needed = needed(ctx.routeRoles());
        Optional<String> presented = presentedToken(ctx);
        Principal caller = null;
        if (presented.isPresent()) {
            caller = tokens.authenticate(presented.get()).orElse(null);
            if (caller == null && needed != Role.PUBLIC) {
                ctx.attribute(ATTEMPT, "invalid-token");
                throw unauthorized(ctx, "access:token.invalid", "The token is unknown, malformed or revoked.");
            }
        }
        if (needed == Role.PUBLIC) {
            if (caller != null) {
                ctx.attribute(Access.ATTRIBUTE, caller);
            }
            return;
        }
        if (caller == null) {
            boolean read = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
            if (!(settings.anonymousRead() && needed == Role.READER && read)) {
                throw unauthorized(ctx, "access:token.missing", "This needs a token: send 'Authorization: Bearer <token>'.");
            }
            caller = Principal.ANONYMOUS;
        }
        ctx.attribute(Access.ATTRIBUTE, caller);
        if (!caller.has(needed)) {
            throw new TwinGraphException("access:role.missing", TwinGraphException.Kind.FORBIDDEN, ctx.method().name()
                    + " " + ctx.path() + " needs the " + needed.id() + " role; the token of '" + caller.subject()
                    + "' has " + names(caller.roles()) + ".", "Ask an admin for a token with that role.");
        }
        boolean bigBodies = needed == Role.ADMIN || needed == Role.AUTHOR;
        if (!bigBodies && ctx.contentLength() > settings.maxBodyBytes()) {
            throw new TwinGraphException("http:body.too-large", TwinGraphException.Kind.TOO_LARGE, "The body has "
                    + ctx.contentLength() + " bytes; this route takes at most " + settings.maxBodyBytes() + ".", null);
        }
        Optional<Duration> wait = rates.acquire(caller, ctx.ip());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new TwinGraphException("access:rate.limited", TwinGraphException.Kind.RATE_LIMITED,
                    "Too many requests from '" + caller.subject() + "': at most " + (caller.isAnonymous()
                    ? settings.anonymousRequestsPerSecond() : settings.requestsPerSecond()) + " per second. Retry after "
                    + seconds + " s.", "Wait for Retry-After, or ask for a higher --rate-limit.");
        }
    }

    private void record(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return; // no route matched: nothing was done
        }
        Principal caller = ctx.attribute(Access.ATTRIBUTE);
        int status = ctx.statusCode();
        String method = ctx.method().name();
        boolean refused = status == 401 || status == 403 || status == 429;
        boolean change = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        boolean sensitiveRead = caller != null && needed(ctx.routeRoles()) == Role.ADMIN;
        if (!(refused || change || sensitiveRead)) {
            return;
        }
        String subject = caller != null ? caller.subject() : ctx.attribute(ATTEMPT) != null ? "unknown" : "anonymous";
        audit.record(new AuditEntry(Instant.now(clock), subject, caller == null ? null : caller.tokenId(), ctx.ip(),
                method, Objects.requireNonNullElse(ctx.attribute(AuditLogDetail.PATH), ctx.path()), status,
                (System.nanoTime() - started) / 1_000_000, ctx.attribute(AuditLogDetail.KEY)));
    }

    private static Role needed(Set<RouteRole> roles) {
        if (roles.size() == 1 && roles.iterator().next() instanceof Role r) {
            return r;
        }
        // cannot happen once checkRoutes passed; deny rather than guess
        throw new TwinGraphException("access:route.unprotected", TwinGraphException.Kind.FORBIDDEN,
                "This route has no access rule.", "This is a bug; please report it.");
    }

    private static Optional<String> presentedToken(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null) {
            String value = auth.trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(value.substring(7).trim());
            }
            if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String pair = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                    int colon = pair.indexOf(':');
                    return Optional.of(colon < 0 ? pair : pair.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    return Optional.of("");
                }
            }
            return Optional.of("");
        }
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/event-stream") && ctx.queryParam("access_token") != null) {
            return Optional.of(ctx.queryParam("access_token"));
        }
        return Optional.empty();
    }

    private static TwinGraphException unauthorized(Context ctx, String code, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"twingraph\"");
        return new TwinGraphException(code, TwinGraphException.Kind.UNAUTHENTICATED, message,
                "Tokens come from an admin: twingraph token create --subject NAME --role ROLE");
    }

    private static String names(Set<Role> roles) {
        return roles.isEmpty() ? "no role" : String.join(", ", roles.stream().map(Role::id).sorted().toList());
    }
}
