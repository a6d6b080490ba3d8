package io.twingraph.api.policies;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.PolicyTooLargeException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyNotAccessibleException;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.AuditLogDetail;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.policy.PolicyJson;
import io.twingraph.twins.policy.PolicyStore;

/**
 * Ditto's policies API for administrators: {@code GET /api/2/policies} (all, as a JSON array),
 * {@code GET/PUT/DELETE /api/2/policies/{policyId}}. Policies are Ditto JSON in and out; PUT answers 201 with the
 * policy when it is new and 204 when it replaced one (as Ditto does), with the ETag {@code "rev:N"}; invalid policies
 * get Ditto's 400 errors ({@link PolicyJson}). The default policy may be edited but not deleted.
 *
 * <p>Which policy governs a thing: its own {@code policyId} when stored, else its site's {@code <namespace>:site},
 * else {@code twingraph:default} ({@link io.twingraph.twins.policy.ThingPermissions}).
 */
public final class PolicyRoutes implements RouteGroup {
    /** Where policies live. */
    public static final String POLICIES = "/api/2/policies";
    /** Ditto's limit for a policy. */
    static final long MAX_BYTES = 100 * 1024;

    private final PolicyStore policies;

    public PolicyRoutes(PolicyStore policies) {
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get(POLICIES, this::list, Role.ADMIN);
        routes.get(POLICIES + "/{policyId}", this::get, Role.ADMIN);
        routes.put(POLICIES + "/{policyId}", this::put, Role.ADMIN);
        routes.delete(POLICIES + "/{policyId}", this::delete, Role.ADMIN);
    }

    private void list(Context ctx) {
        json(ctx, 200, JsonArray.of(policies.all().stream().map(Policy::toJson).toList()));
    }

    private void get(Context ctx) {
        PolicyId id = PolicyId.of(ctx.pathParam("policyId"));
        Policy policy = policies.get(id).orElseThrow(() -> PolicyNotAccessibleException.newBuilder(id).build());
        etag(ctx, policy);
        json(ctx, 200, policy.toJson());
    }

    private void put(Context ctx) {
        PolicyId id = PolicyId.of(ctx.pathParam("policyId"));
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BYTES) {
            throw PolicyTooLargeException.newBuilder(body.length, MAX_BYTES).build();
        }
        Policy parsed = PolicyJson.read(id, new String(body, StandardCharsets.UTF_8));
        boolean created = policies.get(id).isEmpty();
        Policy stored = policies.put(parsed);
        AuditLogDetail.set(ctx, (created ? "created" : "modified") + " policy " + id + " revision "
                + stored.getRevision().map(Object::toString).orElse("?"));
        etag(ctx, stored);
        if (created) {
            ctx.header("Location", POLICIES + "/" + id);
            json(ctx, 201, stored.toJson());
        } else {
            ctx.status(204);
        }
    }

    private void delete(Context ctx) {
        PolicyId id = PolicyId.of(ctx.pathParam("policyId"));
        if (PolicyStore.DEFAULT_POLICY_ID.equals(id) && policies.get(id).isPresent()) {
            throw new TwinGraphException("policies:policy.notdeletable", TwinGraphException.Kind.CONFLICT,
                    "The default policy " + id + " governs every thing without a policy of its own and cannot be deleted.",
                    "Edit it with PUT instead; an empty 'entries' object lets only administrators see those things.");
        }
        if (!policies.delete(id)) {
            throw PolicyNotAccessibleException.newBuilder(id).build();
        }
        AuditLogDetail.set(ctx, "deleted policy " + id);
        ctx.status(204);
    }

    private static void etag(Context ctx, Policy policy) {
        policy.getRevision().ifPresent(r -> ctx.header("ETag", "\"rev:" + r + "\""));
    }

    private static void json(Context ctx, int status, JsonValue value) {
        ctx.status(status).contentType("application/json").result(value.toString());
    }
}
