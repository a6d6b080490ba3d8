package io.twingraph.api.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.engine.rules.PackageInfo;
import io.twingraph.engine.rules.RuleRepository;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.error.TwinGraphException;

/**
 * Rule packages and their decisions:
 * <ul>
 * <li>{@code GET /api/rules}: the running packages.</li>
 * <li>{@code GET /api/rules/{package}}: the active version (with its DRL) and every stored version.</li>
 * <li>{@code PUT /api/rules/{package}} with DRL as the body: compiled, stored as the next version and activated
 * atomically (201 for a new package, else 200); DRL that does not compile is 400 with every error's line in
 * {@code errors}, and the running version stays.</li>
 * <li>{@code POST /api/rules/{package}/dry-run} with DRL: the decisions it would make right now; nothing is done.</li>
 * <li>{@code POST /api/rules/{package}/rollback[?version=N]}: activates an earlier version (the previous one by
 * default).</li>
 * <li>{@code DELETE /api/rules/{package}}: stops the package (its versions stay on disk).</li>
 * <li>{@code GET /api/decisions[?limit=N]}: recent decisions, newest first; all of them are in the decisions graph.</li>
 * </ul>
 */
public final class RuleRoutes implements RouteGroup {
    private final RuleRuntime rules;

    public RuleRoutes(RuleRuntime rules) {
        this.rules = rules;
    }

    /** A package's active version and history. */
    public record PackageDetail(String name, Active active, List<RuleRepository.Version> versions) {
    }

    /** The running version of a package, with its source. */
    public record Active(int version, List<String> rules, Map<String, String> disabledRules, Instant activatedAt,
                         String drl) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/rules", ctx -> ctx.json(Map.of("packages", rules.packages())), Role.READER);
        routes.get("/api/rules/{package}", this::get, Role.READER);
        routes.put("/api/rules/{package}", this::put, Role.AUTHOR);
        routes.post("/api/rules/{package}/dry-run", ctx -> ctx.json(Map.of("decisions",
                DecisionView.of(rules.dryRun(ctx.pathParam("package"), drl(ctx))))), Role.AUTHOR);
        routes.post("/api/rules/{package}/rollback", ctx -> ctx.json(rules.rollback(ctx.pathParam("package"),
                ctx.queryParam("version") == null ? null : ctx.queryParamAsClass("version", Integer.class)
                        .check(v -> v > 0, "version must be positive").get())), Role.AUTHOR);
        routes.delete("/api/rules/{package}", ctx -> {
            rules.delete(ctx.pathParam("package"));
            ctx.status(204);
        }, Role.AUTHOR);
        routes.get("/api/decisions", ctx -> ctx.json(Map.of("decisions", DecisionView.of(rules.recent(
                ctx.queryParam("limit") == null ? 50 : ctx.queryParamAsClass("limit", Integer.class)
                        .check(l -> l > 0 && l <= 1000, "limit must be between 1 and 1000").get())))), Role.READER);
    }

    private void get(Context ctx) {
        String pkg = ctx.pathParam("package");
        List<RuleRepository.Version> versions = rules.repository().versions(pkg);
        Optional<PackageInfo> running = rules.find(pkg);
        if (versions.isEmpty() && running.isEmpty()) {
            throw new TwinGraphException("rules:package.notfound", TwinGraphException.Kind.NOT_FOUND,
                    "There is no rule package '" + pkg + "'.", "GET /api/rules lists the packages.");
        }
        Active active = running.map(p -> new Active(p.version(), p.rules(), p.disabledRules(), p.activatedAt(),
                rules.repository().drl(pkg, p.version()).orElse(""))).orElse(null);
        ctx.json(new PackageDetail(pkg, active, versions));
    }

    private void put(Context ctx) {
        String pkg = ctx.pathParam("package");
        boolean existed = rules.find(pkg).isPresent();
        PackageInfo info = rules.put(pkg, drl(ctx));
        ctx.status(existed ? 200 : 201).json(info);
    }

    private static String drl(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("text/") && !type.startsWith("application/octet-stream")) {
            throw new TwinGraphException("rules:content-type", TwinGraphException.Kind.INVALID,
                    "Rule packages are DRL text, not " + ctx.contentType() + ".",
                    "Send the DRL as the body with Content-Type: text/plain.");
        }
        return ctx.body();
    }
}
