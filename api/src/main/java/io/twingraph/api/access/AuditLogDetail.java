package io.twingraph.api.access;

import io.javalin.http.Context;

/** What a handler adds to its request's audit entry when the path alone does not say what was done. */
public final class AuditLogDetail {
    static final String KEY = "twingraph.audit.detail";
    static final String PATH = "twingraph.audit.path";

    private AuditLogDetail() {
    }

    public static void set(Context ctx, String detail) {
        ctx.attribute(KEY, detail);
    }

    /**
     * The path to record instead of the request's, when the path names someone the log must not keep (a privacy
     * erasure: {@code /api/privacy/alice} is recorded under the pseudonym).
     */
    public static void path(Context ctx, String path) {
        ctx.attribute(PATH, path);
    }
}
