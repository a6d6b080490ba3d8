package io.twingraph.api.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.engine.EngineStats;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.rules.RuleStats;
import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.ditto.live.DittoStatus;

/**
 * {@code GET /health} (is TwinGraph up, is the broker connected, how far behind is the writer, what the journal did) and
 * {@code GET /api/dead-letters} (what input was refused and why).
 */
public final class StatusRoutes implements RouteGroup {
    private final TwinGraphEngine engine;
    private final BooleanSupplier mqttConnected;
    private final Supplier<RuleStats> rules;
    private final Supplier<DittoStatus> ditto;

    /**
     * @param mqttConnected whether TwinGraph's MQTT client is connected right now
     * @param rules         what the rule runtime has done
     */
    public StatusRoutes(TwinGraphEngine engine, BooleanSupplier mqttConnected, Supplier<RuleStats> rules) {
        this(engine, mqttConnected, rules, null);
    }

    /** @param ditto how following a live Ditto goes; null with the embedded twins */
    public StatusRoutes(TwinGraphEngine engine, BooleanSupplier mqttConnected, Supplier<RuleStats> rules,
                        Supplier<DittoStatus> ditto) {
        this.engine = engine;
        this.mqttConnected = mqttConnected;
        this.rules = rules;
        this.ditto = ditto;
    }

    /**
     * The body of {@code /health}. {@code status} is UP, or DEGRADED when the broker connection is down. The engine's
     * counters include the journal ({@code engine.journal}: last sequence, what the twin store has committed, entries
     * replayed at start, fsyncs and their mean and last time per batch) and {@code engine.redeliveriesSkipped}. With a
     * live Ditto, {@code ditto} is the follower's {@link DittoStatus} (state, last event and revision, circuit breaker,
     * last error) and {@code status} is DEGRADED while it is not following.
     */
    public record Health(String status, boolean mqttConnected, int twins, EngineStats engine, long deadLetters,
                         RuleStats rules, Map<String, Object> ditto) {
    }

    /** The body of {@code /api/dead-letters}. */
    public record DeadLetterReport(long total, Map<String, Long> byCode, List<DeadLetter> recent) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/health", this::health, Role.PUBLIC);
        routes.get("/api/dead-letters", this::deadLetters, Role.ADMIN);
    }

    private void health(Context ctx) {
        if (ditto != null) {
            // 200 even when Ditto is away: TwinGraph itself is up and serves the last known graph
            DittoStatus following = ditto.get();
            ctx.json(new Health(following.following() ? "UP" : "DEGRADED", false, engine.twins().size(),
                    engine.stats(), engine.deadLetters().total(), rules.get(), following.toMap()));
            return;
        }
        boolean connected = mqttConnected.getAsBoolean();
        ctx.status(connected ? 200 : 503).json(new Health(connected ? "UP" : "DEGRADED", connected,
                engine.twins().size(), engine.stats(), engine.deadLetters().total(), rules.get(), null));
    }

    private void deadLetters(Context ctx) {
        int limit = ctx.queryParam("limit") == null ? 50 : ctx.queryParamAsClass("limit", Integer.class)
                .check(l -> l > 0 && l <= 1000, "limit must be between 1 and 1000").get();
        ctx.json(new DeadLetterReport(engine.deadLetters().total(),
                new LinkedHashMap<>(engine.deadLetters().countsByCode()), engine.deadLetters().recent(limit)));
    }
}
