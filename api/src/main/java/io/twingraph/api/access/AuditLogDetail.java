package io.twingraph.api.access;

import io.javalin.http.Context;

/** What a handler adds to its request's audit entry when the path alone does not say what was done. */
public final class AuditLogDetail {
    static final String KEY = "twingraph.audit.detail";

    private AuditLogDetail() {
    }

    public static void set(Context ctx, String detail) {
        ctx.attribute(KEY, detail);
    }
}
