package io.twingraph.api.plans;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.apache.jena.graph.Node;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.TwinIris;
import io.twingraph.error.TwinGraphException;
import io.twingraph.planners.graph.PlanGraphWriter;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.Plan;

/**
 * Plan jobs: each solves on one planner thread (solving is CPU-bound, one at a time keeps the server responsive),
 * reports progress to listeners, and on success writes its plan into the plans graph. The most recent
 * {@value #KEPT} jobs are kept; older ones are forgotten. Close it to stop solving.
 */
public final class PlanJobs implements AutoCloseable {
    static final int KEPT = 100;
    private static final Logger LOG = LoggerFactory.getLogger(PlanJobs.class);

    /** A job as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String id, String status, Instant created, EnergyPlanner.Progress progress, Plan plan,
                       String error) {
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
            return new View(id, status, created, progress, result == null ? null : result.plan(), error);
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

    public PlanJobs(TwinGraphEngine engine, EnergyPlanner planner) {
        this.engine = engine;
        this.planner = planner;
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
            PlanGraphWriter.write(engine.graph(), job.id, result.plan(), thingIris(job.problem), engine.clock().instant());
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
            return jobs.values().stream().map(j -> new View(j.id, j.status, j.created, null, null, j.error)).toList();
        }
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

    /** The twin IRI of every device with a control. */
    static Map<String, Node> thingIris(EnergyProblem p) {
        Map<String, Node> iris = new HashMap<>();
        List<Object[]> controls = new ArrayList<>();
        p.loads().forEach(l -> controls.add(new Object[] {l.id(), l.control()}));
        p.evs().forEach(e -> controls.add(new Object[] {e.id(), e.control()}));
        if (p.battery() != null) {
            controls.add(new Object[] {p.battery().id(), p.battery().control()});
        }
        for (Object[] c : controls) {
            if (c[1] instanceof EnergyProblem.Control control && control.thingId() != null) {
                try {
                    iris.put((String) c[0], TwinIris.thing(ThingId.of(control.thingId())));
                } catch (RuntimeException e) {
                    LOG.debug("Not a thing id: {}", control.thingId());
                }
            }
        }
        return iris;
    }

    @Override
    public void close() {
        solving.shutdownNow();
    }
}
