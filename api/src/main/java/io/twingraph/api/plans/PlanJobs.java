package io.twingraph.api.plans;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.error.TwinGraphException;
import io.twingraph.planners.execution.ExecutionScheduler;
import io.twingraph.planners.execution.ExecutionView;
import io.twingraph.planners.execution.PricePeriod;
import io.twingraph.planners.graph.PlanGraphWriter;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.Plan;

/**
 * Plan jobs: each solves on one planner thread (solving is CPU-bound, one at a time keeps the server responsive),
 * reports progress to listeners, and on success writes its plan into the plans graph. A solved plan can be carried
 * out ({@link #execute}; one at a time, by an {@link ExecutionScheduler} that also replans it). The most recent
 * {@value #KEPT} jobs are kept; older ones are forgotten. Close it to stop solving and carrying out.
 */
public final class PlanJobs implements AutoCloseable {
    static final int KEPT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(PlanJobs.class);

    /**
     * A job as the API shows it.
     *
     * @param plan      the plan as solved
     * @param execution how carrying the plan out stands (null when it was never executed)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String id, String status, Instant created, EnergyPlanner.Progress progress, Plan plan,
                       String error, ExecutionView execution) {
    }

    /** A job's event for listeners: {@code progress}, {@code done} or {@code failed}. */
    public record Event(String name, View job) {
    }

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final Instant created = engine.clock().instant();
        final EnergyProblem problem;
        final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
        volatile String status = "solving";
        volatile EnergyPlanner.Progress progress;
        volatile EnergyPlanner.Result result;
        volatile String error;

        Job(EnergyProblem problem) {
            this.problem = problem;
        }

        View view() {
            return new View(id, status, created, progress, result == null ? null : result.plan(), error,
                    execution == null ? null : execution.view(id).orElse(null));
        }

        void emit(String name) {
            Event event = new Event(name, view());
            listeners.forEach(l -> {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    LOG.debug("A plan listener failed: {}", e.toString());
                }
            });
        }
    }

    private final TwinGraphEngine engine;
    private final EnergyPlanner planner;
    private final ExecutorService solving = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "twingraph-planner");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > KEPT;
        }
    };

    private final ExecutionScheduler execution;

    /** Plan jobs that can be solved but not carried out (no device connection). */
    public PlanJobs(TwinGraphEngine engine, EnergyPlanner planner) {
        this(engine, planner, null);
    }

    /**
     * Plan jobs whose plans can also be carried out, through {@code gateway} (the app's one command gateway).
     *
     * @param gateway null: plans cannot be executed
     */
    public PlanJobs(TwinGraphEngine engine, EnergyPlanner planner, CommandGateway gateway) {
        this.engine = engine;
        this.planner = planner;
        this.execution = gateway == null ? null : ExecutionScheduler.start(engine, gateway, planner);
    }

    /** Starts solving a checked problem; returns the job at once. */
    public View submit(EnergyProblem problem, Duration timeLimit) {
        Job job = new Job(problem);
        synchronized (jobs) {
            jobs.put(job.id, job);
        }
        solving.submit(() -> solve(job, timeLimit));
        return job.view();
    }

    private void solve(Job job, Duration timeLimit) {
        try {
            EnergyPlanner.Result result = planner.plan(job.problem,
                    new EnergyPlanner.Limits(timeLimit, Duration.ofSeconds(Math.max(1, timeLimit.toSeconds() / 4))),
                    p -> {
                        job.progress = p;
                        job.emit("progress");
                    });
            PlanGraphWriter.write(engine.graph(), job.id, result.plan(), PlanGraphWriter.thingIris(job.problem),
                    engine.clock().instant());
            job.result = result;
            job.status = result.plan().status();
            job.emit("done");
        } catch (RuntimeException e) {
            LOG.warn("Plan {} failed", job.id, e);
            job.error = e.getMessage();
            job.status = "failed";
            job.emit("failed");
        }
    }

    /** The job, if known. */
    public Optional<View> get(String id) {
        return find(id).map(Job::view);
    }

    /** The solved schedule of a finished job (for execution). */
    public Optional<EnergyPlanner.Result> result(String id) {
        return find(id).map(j -> j.result);
    }

    /** The problem a job solves. */
    public Optional<EnergyProblem> problem(String id) {
        return find(id).map(j -> j.problem);
    }

    public List<View> all() {
        synchronized (jobs) {
            return jobs.values().stream().map(j -> new View(j.id, j.status, j.created, null, null, j.error,
                    null)).toList();
        }
    }

    /**
     * Carries a solved plan out from now on, instead of the plan executed before.
     *
     * @throws TwinGraphException 404 unknown plan; 409 {@code plans:plan.notready} while solving or when solving
     *                            failed, {@code plans:plan.infeasible} when the plan breaks a hard constraint,
     *                            {@code plans:plan.over} when its horizon has ended; 503 without a device connection
     */
    public View execute(String id) {
        ExecutionScheduler scheduler = scheduler();
        Job job = find(id).orElseThrow(() -> notFound(id));
        EnergyPlanner.Result result = job.result;
        if (result == null) {
            throw new TwinGraphException("plans:plan.notready", TwinGraphException.Kind.CONFLICT,
                    "Plan '" + id + "' is " + job.status + ": there is no plan to carry out" + (job.error == null ? ""
                            : " (" + job.error + ")"),
                    "Wait for the plan's done event (GET /api/plans/{id}/events), then execute it.");
        }
        if (!result.plan().feasible()) {
            throw new TwinGraphException("plans:plan.infeasible", TwinGraphException.Kind.CONFLICT,
                    "Plan '" + id + "' breaks " + String.join(", ", result.plan().brokenConstraints())
                            + " and is not carried out",
                    "Change the problem (windows, demand, limits) and plan again.");
        }
        scheduler.execute(id, job.problem, result);
        return job.view();
    }

    /** Stops carrying a plan out (409 {@code plans:execution.notrunning} when it is not). */
    public View stop(String id) {
        Job job = find(id).orElseThrow(() -> notFound(id));
        scheduler().stop(id);
        return job.view();
    }

    /**
     * A price update for the plan being carried out: it is replanned from the current slot, warm, on the execution
     * thread; the view shows the replan once done.
     */
    public View updatePrices(String id, List<PricePeriod> periods) {
        Job job = find(id).orElseThrow(() -> notFound(id));
        scheduler().updatePrices(id, periods);
        return job.view();
    }

    private ExecutionScheduler scheduler() {
        if (execution == null) {
            throw new TwinGraphException("plans:execution.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "This server cannot carry plans out: it has no device connection",
                    "Run TwinGraph with its MQTT connector (twingraph serve or demo).");
        }
        return execution;
    }

    /**
     * Adds a listener of the job's events; the current state is sent to it first (as {@code progress}, or as the
     * final event when the job has ended).
     */
    public Runnable listen(String id, Consumer<Event> listener) {
        Job job = find(id).orElseThrow(() -> notFound(id));
        job.listeners.add(listener);
        String status = job.status;
        listener.accept(new Event(status.equals("solving") ? "progress" : status.equals("failed") ? "failed" : "done", job.view()));
        return () -> job.listeners.remove(listener);
    }

    static TwinGraphException notFound(String id) {
        return new TwinGraphException("plans:plan.notfound", TwinGraphException.Kind.NOT_FOUND,
                "There is no plan '" + id + "'", "POST /api/plans makes one; only the last " + KEPT + " are kept.");
    }

    private Optional<Job> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    @Override
    public void close() {
        if (execution != null) {
            execution.close();
        }
        solving.shutdownNow();
    }
}
