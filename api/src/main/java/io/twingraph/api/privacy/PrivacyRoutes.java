package io.twingraph.api.privacy;

import java.util.Objects;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Access;
import io.twingraph.api.access.AuditLogDetail;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;

/**
 * A person's data: {@code GET /api/privacy/{subject}} exports everything held about a subject as one JSON document
 * and {@code DELETE /api/privacy/{subject}} erases it, answering what was removed (both admin); {@code GET
 * /api/me/privacy} lets anyone with a token export their own. The erasure is audited under the pseudonym, with its
 * counts, never under the subject it erased.
 */
public final class PrivacyRoutes implements RouteGroup {
    private final PrivacyService privacy;

    public PrivacyRoutes(PrivacyService privacy) {
        this.privacy = Objects.requireNonNull(privacy, "privacy");
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/me/privacy", ctx -> ctx.json(privacy.export(Access.principal(ctx).subject())), Role.READER);
        routes.get("/api/privacy/{subject}", ctx -> ctx.json(privacy.export(ctx.pathParam("subject"))), Role.ADMIN);
        routes.delete("/api/privacy/{subject}", ctx -> {
            Erasure erasure = privacy.erase(ctx.pathParam("subject"));
            AuditLogDetail.path(ctx, "/api/privacy/" + erasure.pseudonym());
            AuditLogDetail.set(ctx, erasure.summary());
            ctx.json(erasure);
        }, Role.ADMIN);
    }
}
