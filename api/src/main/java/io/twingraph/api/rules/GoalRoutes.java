package io.twingraph.api.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Access;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.Json;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.error.TwinGraphException;

/**
 * Facts for the rules that people set: goals ({@code GET /api/goals}, {@code PUT/DELETE /api/goals/{id}}) and the
 * import tariff ({@code GET/PUT /api/prices}).
 */
public final class GoalRoutes implements RouteGroup {
    private final RuleRuntime rules;

    public GoalRoutes(RuleRuntime rules) {
        this.rules = rules;
    }

    /** The body of {@code PUT /api/goals/{id}}. */
    record GoalBody(String room, String quantity, Double target, String when, String source) {
    }

    /** One slot of {@code PUT /api/prices}; {@code peak} defaults to the top quarter of the prices given. */
    record PriceBody(Instant start, Instant end, Double price, Boolean peak) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/api/goals", ctx -> ctx.json(Map.of("goals", rules.goals())), Role.READER);
        routes.put("/api/goals/{id}", this::putGoal, Role.OPERATOR);
        routes.delete("/api/goals/{id}", ctx -> {
            if (!rules.removeGoal(ctx.pathParam("id"))) {
                throw new TwinGraphException("rules:goal.notfound", TwinGraphException.Kind.NOT_FOUND,
                        "There is no goal '" + ctx.pathParam("id") + "'.", "GET /api/goals lists them.");
            }
            ctx.status(204);
        }, Role.OPERATOR);
        routes.get("/api/prices", ctx -> ctx.json(Map.of("prices", rules.prices())), Role.READER);
        routes.put("/api/prices", this::putPrices, Role.PLANNER);
    }

    private void putGoal(Context ctx) {
        GoalBody body = Json.read(ctx.body(), GoalBody.class);
        if (body.room() == null || body.quantity() == null || body.target() == null) {
            throw invalid("A goal needs room (IRI), quantity and target.");
        }
        Goal goal;
        try {
            goal = new Goal(ctx.pathParam("id"), body.room(), body.quantity(), body.target(),
                    body.when() == null ? Goal.ALWAYS : body.when(), source(ctx, body.source()));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        rules.putGoal(goal);
        ctx.json(goal);
    }

    /**
     * Who set a goal: {@code tg:<subject>} of the caller, then the client's own word for it if it gave one
     * ({@code tg:alice kitchen-panel}); the person's privacy export and erasure find their goals by it.
     */
    static String source(Context ctx, String given) {
        String who = "tg:" + Access.principal(ctx).subject();
        return given == null || given.isBlank() ? who : who + " " + given;
    }

    private void putPrices(Context ctx) {
        PriceBody[] body = Json.read(ctx.body(), PriceBody[].class);
        if (body == null || body.length == 0) {
            throw invalid("Send a JSON array of {start, end, price[, peak]} slots.");
        }
        double[] sorted = Arrays.stream(body).mapToDouble(p -> p.price() == null ? Double.NaN : p.price()).sorted().toArray();
        double topQuarter = sorted[(int) Math.floor(sorted.length * 0.75)];
        List<PriceSlot> slots = new ArrayList<>();
        for (PriceBody p : body) {
            if (p.start() == null || p.end() == null || p.price() == null || p.price().isNaN()) {
                throw invalid("Every price slot needs start, end (ISO instants) and price.");
            }
            try {
                slots.add(new PriceSlot(p.start().toEpochMilli(), p.end().toEpochMilli(), p.price(),
                        p.peak() != null ? p.peak() : p.price() >= topQuarter && sorted.length > 1));
            } catch (IllegalArgumentException e) {
                throw invalid("Price slot " + p.start() + ": " + e.getMessage());
            }
        }
        rules.prices(slots);
        ctx.json(Map.of("prices", slots));
    }

    private static TwinGraphException invalid(String message) {
        return new TwinGraphException("rules:body.invalid", TwinGraphException.Kind.INVALID, message,
                "See the README's rules section for the body.");
    }
}
