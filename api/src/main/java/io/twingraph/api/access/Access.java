package io.twingraph.api.access;

import io.javalin.http.Context;
import io.twingraph.error.TwinGraphException;

/** The caller of a request, as the access check established it before the handler ran. */
public final class Access {
    static final String ATTRIBUTE = "twingraph.principal";

    private Access() {
    }

    /**
     * The authenticated caller of this request. On a server started without access control (route tests, in-process
     * evaluations) every caller is an administrator named {@code local}.
     */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        return p != null ? p : LOCAL;
    }

    /** Fails with 403 unless the caller holds {@code role}: for checks finer than the route's (SPARQL Update on /sparql). */
    public static void require(Context ctx, Role role, String what) {
        if (!principal(ctx).has(role)) {
            throw new TwinGraphException("access:role.missing", TwinGraphException.Kind.FORBIDDEN,
                    what + " needs the " + role.id() + " role.", "Ask an admin for a token with that role.");
        }
    }

    private static final Principal LOCAL = new Principal("local", java.util.EnumSet.of(Role.ADMIN), "local");
}
