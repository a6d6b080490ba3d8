package io.twingraph.api.plans;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.Json;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.error.TwinGraphException;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.GraphProblemReader;
import io.twingraph.planners.solve.ScheduleFactory;

/**
 * The energy planner's HTTP API.
 * <ul>
 * <li>{@code POST /api/plans} ({@link PlanRequest}): checks the problem at once (400 with the one error shape when
 * it is malformed, or infeasible: the message names the constraint), then answers 202 with the plan's id and
 * links while solving goes on;</li>
 * <li>{@code GET /api/plans/{id}/events}: server-sent events {@code progress} (best score, feasible, cost,
 * elapsed) while solving, then {@code done} (or {@code failed}) with the whole job, after which the stream ends;</li>
 * <li>{@code GET /api/plans/{id}}: the job: status ({@code solving}, {@code feasible}, {@code infeasible},
 * {@code failed}), progress and, when solved, the plan (schedule per device and slot, cost, baseline, savings,
 * score explanation), and once executed its {@code execution} (slots carried out with each command's outcome,
 * replans with reasons, the plan carried out now); {@code GET /api/plans}: the recent jobs;</li>
 * <li>{@code POST /api/plans/{id}/execute}: 202, the plan is carried out from now on through the command gateway
 * (at once and at each slot start), replacing the plan executed before; 409 while solving, when infeasible or
 * over; {@code DELETE /api/plans/{id}/execute} stops it (devices stay as they are);</li>
 * <li>{@code PUT /api/plans/{id}/tariff} ({@link TariffUpdate}): a price update for the plan being carried out;
 * 202, it is replanned warm from the current slot (see {@code execution.replans}). The executed plan is also
 * replanned when a controlled device is switched outside the plan or a car is plugged in or out.</li>
 * </ul>
 * Solved plans are also in the plans named graph ({@code tg:Plan}, {@code tg:PlannedSlot}), for SPARQL.
 */
public final class PlanRoutes implements RouteGroup {
    public static final String PATH = "/api/plans";
    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);
    static final Duration MAX_LIMIT = Duration.ofMinutes(5);

    private final TwinGraphEngine engine;
    private final PlanJobs jobs;

    public PlanRoutes(TwinGraphEngine engine, PlanJobs jobs) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.post(PATH, this::create, Role.PLANNER);
        routes.get(PATH, ctx -> ctx.json(Map.of("plans", jobs.all())), Role.READER);
        routes.get(PATH + "/{id}", ctx -> ctx.json(jobs.get(ctx.pathParam("id"))
                .orElseThrow(() -> PlanJobs.notFound(ctx.pathParam("id")))), Role.READER);
        routes.beforeMatched(PATH + "/{id}/events", ctx -> {
            if (jobs.get(ctx.pathParam("id")).isEmpty()) {
                throw PlanJobs.notFound(ctx.pathParam("id"));
            }
        });
        routes.sse(PATH + "/{id}/events", this::events, Role.READER);
        routes.post(PATH + "/{id}/execute", ctx -> {
            PlanJobs.View job = jobs.execute(ctx.pathParam("id"));
            ctx.status(202).header("Location", PATH + "/" + job.id()).json(job);
        }, Role.PLANNER);
        routes.delete(PATH + "/{id}/execute", ctx -> ctx.json(jobs.stop(ctx.pathParam("id"))), Role.PLANNER);
        routes.put(PATH + "/{id}/tariff", ctx -> {
            TariffUpdate update = read(ctx.body(), TariffUpdate.class, "a price update");
            ctx.status(202).json(jobs.updatePrices(ctx.pathParam("id"), update.slots()));
        }, Role.PLANNER);
    }

    private void create(Context ctx) {
        PlanRequest request = parse(ctx.body());
        EnergyProblem problem = problem(request);
        ScheduleFactory.build(problem); // checks: malformed or infeasible problems are 400s now, not failed jobs later
        Duration limit = request.timeLimitSeconds() == null ? DEFAULT_LIMIT
                : Duration.ofMillis(Math.round(request.timeLimitSeconds() * 1000));
        if (limit.isNegative() || limit.isZero() || limit.compareTo(MAX_LIMIT) > 0) {
            throw invalid("timeLimitSeconds must be above 0 and at most " + MAX_LIMIT.toSeconds());
        }
        PlanJobs.View job = jobs.submit(problem, limit);
        String self = PATH + "/" + job.id();
        ctx.status(202).header("Location", self).json(Map.of("id", job.id(), "status", job.status(),
                "links", Map.of("self", self, "events", self + "/events")));
    }

    private EnergyProblem problem(PlanRequest r) {
        if (r.problem() != null) {
            return r.problem();
        }
        int slotMinutes = r.slotMinutes() == null ? 30 : r.slotMinutes();
        double hours = r.horizonHours() == null ? 24 : r.horizonHours();
        if (slotMinutes < 5 || slotMinutes > 60) {
            throw invalid("slotMinutes must be 5 to 60, got " + slotMinutes);
        }
        if (hours <= 0 || hours > 24 * 7) {
            throw invalid("horizonHours must be above 0 and at most 168, got " + hours);
        }
        int slots = (int) Math.round(hours * 60 / slotMinutes);
        var start = r.start() != null ? r.start() : GraphProblemReader.nextSlotStart(engine.clock().instant(), slotMinutes);
        return GraphProblemReader.read(engine.graph(), new GraphProblemReader.Request(start, slotMinutes, slots,
                r.objective(), r.importPrice(), r.exportPrice(), r.co2(), r.pvW(), r.baseLoadW(), r.gridLimitW(),
                r.loads(), r.evTargetSocPercent(), r.evDeparture()));
    }

    private void events(SseClient client) {
        client.keepAlive();
        Runnable[] stop = new Runnable[1];
        stop[0] = jobs.listen(client.ctx().pathParam("id"), event -> {
            client.sendEvent(event.name(), write(event.name().equals("progress")
                    ? Map.of("id", event.job().id(), "progress", event.job().progress() == null ? Map.of() : event.job().progress())
                    : event.job()));
            if (!event.name().equals("progress")) {
                client.close();
            }
        });
        client.onClose(() -> {
            if (stop[0] != null) {
                stop[0].run();
            }
        });
        if (client.terminated()) {
            stop[0].run();
        }
    }

    private static PlanRequest parse(String body) {
        return read(body, PlanRequest.class, "a plan request");
    }

    /** Reads a body; a {@link TwinGraphException} thrown while building the value (a checked record) is passed on. */
    private static <T> T read(String body, Class<T> type, String what) {
        if (body == null || body.isBlank()) {
            throw invalid("the request has no body");
        }
        try {
            return Json.MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof TwinGraphException t) {
                    throw t;
                }
            }
            throw invalid("the body is not " + what + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TwinGraphException invalid(String message) {
        return new TwinGraphException("plans:request.invalid", TwinGraphException.Kind.INVALID,
                "Invalid plan request: " + message, "See POST /api/plans in the README.");
    }
}
