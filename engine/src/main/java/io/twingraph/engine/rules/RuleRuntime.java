package io.twingraph.engine.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.command.CommandOutcome;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.TwinEvent;

/**
 * Drools over the live twins. Every batch the writer commits reaches the rules thread, which keeps the facts in step
 * ({@link World}), moves each package's rule clock to event time, fires, and turns what the rules asked for into
 * {@link Decision}s: recorded in the decisions graph first, then acted on (commands through the
 * {@link CommandGateway}, whose confirmation updates the record). Package changes run on the same thread between
 * batches, so an activation is atomic: every event is seen by either the old version or the new one.
 */
public final class RuleRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleRuntime.class);

    /**
     * Tunables.
     *
     * @param firingLimit   most firings of one package in one round, plus ten for every fact the round brings; a
     *                      rule beyond it is disabled
     * @param tick          how often the rule clock follows the wall clock when no events arrive
     * @param maxQueued     events the rules thread may fall behind before the writer waits (back-pressure)
     * @param confirmWithin how long a device has to confirm a command
     * @param recent        decisions kept in memory for {@link #recent}
     */
    public record Settings(int firingLimit, Duration tick, int maxQueued, Duration confirmWithin, int recent) {
        public static final Settings DEFAULTS = new Settings(10_000, Duration.ofSeconds(1), 65_536,
                CommandGateway.DEFAULT_CONFIRM_TIMEOUT, 1000);
    }

    private record Active(RuleSession session, Instant activatedAt) {
    }

    private final TwinGraphEngine engine;
    private final CommandGateway gateway;
    private final RuleRepository repository;
    private final DecisionLog log;
    private final Settings settings;
    private final GraphContext graphContext;
    private final World world;
    private final ScheduledExecutorService thread;
    private final Semaphore queueRoom;
    private final java.util.concurrent.ConcurrentLinkedQueue<Queued> pendingEvents = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean evaluationScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final Deque<Decision> recent = new ArrayDeque<>();
    private final List<Consumer<Decision>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong firings = new AtomicLong();
    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private volatile boolean closed;
    /** Rules-thread state: decisions made but not yet recorded, outcomes not yet recorded. */
    private final List<Decision> unrecorded = new ArrayList<>();
    private final List<Decision> settled = new ArrayList<>();
    /** Decisions erased for privacy: an outcome arriving for one later is not recorded (it would bring it back). */
    private final java.util.Set<String> erased = new java.util.HashSet<>();
    private boolean flushScheduled;
    /** During the start round only: commands recorded shortly before, as {@link DecisionLog#commandKey}. */
    private final java.util.Set<String> recentCommands = new java.util.HashSet<>();

    private RuleRuntime(TwinGraphEngine engine, CommandGateway gateway, RuleRepository repository, Settings settings) {
        this.engine = engine;
        this.gateway = gateway;
        this.repository = repository;
        this.settings = settings;
        this.log = new DecisionLog(engine.graph());
        SparqlService sparql = new SparqlService(engine.graph(), Duration.ofSeconds(10), 100_000);
        this.graphContext = new GraphContext(sparql);
        this.world = new World(new Topology(sparql));
        this.queueRoom = new Semaphore(settings.maxQueued());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twingraph-rules");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the runtime: loads the twins as facts, compiles and starts every active package in the repository (a
     * package that no longer compiles is logged and left out), and follows the engine from then on.
     *
     * @param gateway where commands go; null when there is no device connection (commands are then recorded as failed)
     */
    public static RuleRuntime start(TwinGraphEngine engine, CommandGateway gateway, RuleRepository repository,
                                    Settings settings) {
        RuleRuntime runtime = new RuleRuntime(engine, gateway, repository, settings);
        runtime.onThread(() -> {
            // the first round after a restart sees the state a crash may have interrupted: commands already recorded
            // in the last hour (same device, property and value) are not sent again, whatever revision matched
            runtime.recentCommands.addAll(runtime.log.commandsSince(engine.clock().instant().minus(Duration.ofHours(1))));
            runtime.world.load(engine.twins().all(), engine.clock().millis());
            for (String pkg : repository.activePackages()) {
                int version = repository.active(pkg).orElseThrow();
                try {
                    String drl = repository.drl(pkg, version).orElseThrow(() -> new IllegalStateException("v" + version + " missing"));
                    runtime.swapIn(RuleCompiler.compile(pkg, drl).withVersion(version));
                } catch (RuntimeException e) {
                    LOG.error("Rule package '{}' v{} was not started: {}", pkg, version, e.getMessage());
                }
            }
            runtime.flush();
            runtime.recentCommands.clear();
            return null;
        });
        engine.onCommitted(runtime::enqueue);
        long tick = settings.tick().toMillis();
        runtime.thread.scheduleWithFixedDelay(runtime::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("Rules: {} package(s) running: {}", runtime.active.size(), runtime.active.keySet());
        return runtime;
    }

    // ---- package management -------------------------------------------------------------------------------------

    /**
     * Compiles DRL, stores it as the package's next version and activates it atomically.
     *
     * @throws RuleCompilationException with every error's line when it does not compile (nothing is stored)
     */
    public PackageInfo put(String pkg, String drl) {
        CompiledPackage compiled = RuleCompiler.compile(pkg, drl);
        return onThread(() -> {
            int version = repository.store(pkg, drl);
            swapIn(compiled.withVersion(version));
            repository.activate(pkg, version);
            return info(pkg).orElseThrow();
        });
    }

    /** The decisions the DRL would make against the current facts right now; nothing is recorded or sent. */
    public List<Decision> dryRun(String pkg, String drl) {
        CompiledPackage compiled = RuleCompiler.compile(pkg, drl);
        return onThread(() -> {
            try (RuleSession session = new RuleSession(compiled, graphContext, engine.clock().millis())) {
                session.seed(world);
                List<Decision> out = new ArrayList<>();
                for (Firing f : session.fire(settings.firingLimit())) {
                    out.addAll(toDecisions(compiled, f, Decision.Status.DRY_RUN));
                }
                return out;
            }
        });
    }

    /** Activates an earlier version (the one before the active one when {@code version} is null). */
    public PackageInfo rollback(String pkg, Integer version) {
        RuleCompiler.checkName(pkg);
        List<RuleRepository.Version> versions = repository.versions(pkg);
        if (versions.isEmpty()) {
            throw notFound(pkg);
        }
        int target;
        if (version != null) {
            target = version;
        } else {
            int current = repository.active(pkg).orElse(Integer.MAX_VALUE);
            target = versions.stream().mapToInt(RuleRepository.Version::version).filter(v -> v < current).max()
                    .orElseThrow(() -> new TwinGraphException("rules:rollback.none", TwinGraphException.Kind.CONFLICT,
                            "Rule package '" + pkg + "' has no version before the active one.",
                            "Give the version to activate, e.g. ?version=1."));
        }
        String drl = repository.drl(pkg, target).orElseThrow(() -> new TwinGraphException("rules:version.notfound",
                TwinGraphException.Kind.NOT_FOUND, "Rule package '" + pkg + "' has no version " + target + ".",
                "GET /api/rules/" + pkg + " lists its versions."));
        CompiledPackage compiled = RuleCompiler.compile(pkg, drl).withVersion(target);
        return onThread(() -> {
            swapIn(compiled);
            repository.activate(pkg, target);
            return info(pkg).orElseThrow();
        });
    }

    /** Stops a package; its versions stay on disk and a later PUT continues their numbering. */
    public void delete(String pkg) {
        RuleCompiler.checkName(pkg);
        onThread(() -> {
            Active old = active.remove(pkg);
            if (old == null) {
                throw notFound(pkg);
            }
            old.session().close();
            repository.deactivate(pkg);
            return null;
        });
    }

    public List<PackageInfo> packages() {
        return onThread(() -> active.keySet().stream().map(p -> info(p).orElseThrow()).toList());
    }

    public Optional<PackageInfo> find(String pkg) {
        return onThread(() -> info(pkg));
    }

    public RuleRepository repository() {
        return repository;
    }

    // ---- goals and prices ---------------------------------------------------------------------------------------

    public void putGoal(Goal goal) {
        onThread(() -> {
            world.goals().put(goal.id(), goal);
            active.values().forEach(a -> a.session().goal(goal));
            fireAll();
            return null;
        });
    }

    public boolean removeGoal(String id) {
        return onThread(() -> {
            boolean had = world.goals().remove(id) != null;
            active.values().forEach(a -> a.session().removeGoal(id));
            return had;
        });
    }

    public List<Goal> goals() {
        return onThread(() -> List.copyOf(world.goals().values()));
    }

    public void prices(List<PriceSlot> slots) {
        onThread(() -> {
            world.prices(slots);
            active.values().forEach(a -> a.session().prices(slots));
            fireAll();
            return null;
        });
    }

    /** The price slots the rules see. */
    public List<PriceSlot> prices() {
        return onThread(() -> List.copyOf(world.prices()));
    }

    // ---- decisions ----------------------------------------------------------------------------------------------

    /**
     * Privacy erasure: the decisions with these ids are dropped from the recent ones and from what is still to be
     * recorded, and an outcome that arrives for one later is ignored, so none of them returns to the decisions graph
     * (whose triples the caller deletes).
     */
    public void forgetDecisions(java.util.Set<String> ids) {
        onThread(() -> {
            erased.addAll(ids);
            unrecorded.removeIf(d -> ids.contains(d.id()));
            settled.removeIf(d -> ids.contains(d.id()));
            synchronized (recent) {
                recent.removeIf(d -> ids.contains(d.id()));
            }
            return null;
        });
    }

    /** The most recent decisions, newest first (since this start; older ones are in the decisions graph). */
    public List<Decision> recent(int limit) {
        synchronized (recent) {
            return recent.stream().limit(limit).toList();
        }
    }

    /** Tells {@code listener} about every decision when it is recorded and again when it is settled. */
    public void onDecision(Consumer<Decision> listener) {
        listeners.add(listener);
    }

    public RuleStats stats() {
        return new RuleStats(batches.get(), events.get(), readings.get(), firings.get(), decisions.get(),
                duplicates.get(), failures.get(), settings.maxQueued() - queueRoom.availablePermits(),
                busyNanos.get() / 1000);
    }

    // ---- the rules thread ---------------------------------------------------------------------------------------

    /**
     * From the writer: queues the batch, waiting while the rules are {@code maxQueued} events behind (back-pressure
     * onto ingestion rather than unbounded memory). Queued batches are evaluated together: one fact update per changed
     * twin and one firing round per package for all of them, which is what keeps the rules up with ingestion.
     */
    private void enqueue(List<TwinEvent> batch) {
        if (closed || batch.isEmpty()) {
            return;
        }
        int permits = Math.min(batch.size(), settings.maxQueued());
        try {
            queueRoom.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        pendingEvents.add(new Queued(List.copyOf(batch), permits));
        if (evaluationScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::evaluatePending);
            } catch (RuntimeException e) {
                evaluationScheduled.set(false);
            }
        }
    }

    private record Queued(List<TwinEvent> events, int permits) {
    }

    private void evaluatePending() {
        evaluationScheduled.set(false);
        List<TwinEvent> all = new ArrayList<>();
        int permits = 0;
        for (Queued q; (q = pendingEvents.poll()) != null; ) {
            all.addAll(q.events());
            permits += q.permits();
        }
        queueRoom.release(permits);
        if (!all.isEmpty()) {
            evaluate(all);
        }
    }

    private void evaluate(List<TwinEvent> batch) {
        long started = System.nanoTime();
        try {
            World.Change change = world.apply(batch);
            batches.incrementAndGet();
            events.addAndGet(batch.size());
            readings.addAndGet(change.readings().size());
            if (change.isEmpty()) {
                return;
            }
            for (Active a : active.values()) {
                a.session().apply(change);
                a.session().advanceTo(change.latest());
            }
            fireAll(change.devices().size() + change.readings().size());
        } catch (RuntimeException e) {
            LOG.error("Rules failed on a batch of {} events", batch.size(), e);
        } finally {
            busyNanos.addAndGet(System.nanoTime() - started);
        }
    }

    private void tick() {
        try {
            long now = engine.clock().millis();
            for (Active a : active.values()) {
                a.session().advanceTo(now);
            }
            fireAll();
        } catch (RuntimeException e) {
            LOG.error("Rules failed on a clock tick", e);
        }
    }

    /** Fires every package, then shows the anomalies raised to all packages and fires again. */
    private void fireAll() {
        fireAll(0);
    }

    /** @param work facts the round brings: a big batch may rightly fire more than the bare limit */
    private void fireAll(int work) {
        int limit = (int) Math.min(Integer.MAX_VALUE, settings.firingLimit() + 10L * work);
        act(FiringRounds.fire(active.values().stream().map(Active::session).toList(), limit, (pkg, f) -> {
            firings.incrementAndGet();
            return toDecisions(pkg, f, null);
        }));
    }

    /**
     * Gathers decisions to record; the flush that records them (and sends their commands) runs after every batch
     * already queued, so under load many batches share one graph transaction.
     */
    private void act(List<Decision> made) {
        if (made.isEmpty()) {
            return;
        }
        unrecorded.addAll(made);
        scheduleFlush();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            runOnThread(this::flush);
        }
    }

    /** Records new decisions and settled outcomes in one transaction, then sends the new commands. */
    private void flush() {
        flushScheduled = false;
        List<Decision> fresh = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Decision d : unrecorded) {
            // replays (and a firing repeated within one flush) make a decision already recorded: never act twice
            if (!seen.add(d.id()) || log.contains(d.id())
                    || (d.command() != null && recentCommands.contains(DecisionLog.commandKey(d.command())))) {
                duplicates.incrementAndGet();
            } else {
                fresh.add(d);
            }
        }
        unrecorded.clear();
        List<Decision> outcomes = List.copyOf(settled);
        settled.clear();
        try {
            log.write(fresh, outcomes, engine.clock().instant());
        } catch (RuntimeException e) {
            LOG.error("Could not record {} decision(s); their commands are not sent", fresh.size(), e);
            return;
        }
        decisions.addAndGet(fresh.size());
        outcomes.forEach(this::remember);
        for (Decision d : fresh) {
            if (d.kind() == Decision.Kind.RULE_FAILED) {
                failures.incrementAndGet();
                LOG.warn("Rule '{}' of package '{}' failed: {}", d.rule(), d.pkg(), d.detail());
            }
            remember(d);
            if (d.kind() == Decision.Kind.COMMAND && d.status() == Decision.Status.SENT) {
                send(d);
            }
        }
    }

    private void send(Decision d) {
        if (gateway == null) {
            settle(d.withStatus(Decision.Status.FAILED, "No device connection is configured."));
            return;
        }
        DeviceCommand command = new DeviceCommand(ThingId.of(d.command().thingId()), Actions.pointer(key(d.command().path())),
                org.eclipse.ditto.json.JsonFactory.readFrom(d.command().value()), d.id());
        // settled on the rules thread: the gateway completes on the writer's thread, which must not wait for TDB2
        gateway.send(command, settings.confirmWithin()).thenAcceptAsync(outcome -> settle(d.withStatus(status(outcome),
                outcome.detail())), this::runOnThread);
    }

    private static String key(String path) {
        // "/features/light/properties/on" -> "light/on"
        String[] parts = path.substring(1).split("/", 4);
        return parts[1] + "/" + parts[3];
    }

    private static Decision.Status status(CommandOutcome outcome) {
        switch (outcome.status()) {
            case CONFIRMED:
                return Decision.Status.CONFIRMED;
            case NOT_CONFIRMED:
                return Decision.Status.NOT_CONFIRMED;
            default:
                return Decision.Status.FAILED;
        }
    }

    /** On the rules thread: the outcome is recorded with the next flush. */
    private void settle(Decision d) {
        if (erased.contains(d.id())) {
            return;
        }
        settled.add(d);
        scheduleFlush();
    }

    private void remember(Decision d) {
        synchronized (recent) {
            recent.removeIf(r -> r.id().equals(d.id()));
            recent.addFirst(d);
            while (recent.size() > settings.recent()) {
                recent.removeLast();
            }
        }
        for (Consumer<Decision> l : listeners) {
            try {
                l.accept(d);
            } catch (RuntimeException e) {
                LOG.warn("Decision listener failed", e);
            }
        }
    }

    private List<Decision> toDecisions(CompiledPackage pkg, Firing f, Decision.Status forced) {
        return decisionsOf(pkg, f, forced, world.devices());
    }

    /**
     * What one firing decided. {@code forced} overrides the status (dry runs); commands for devices not in
     * {@code known} fail, unless {@code known} is empty (no world: rule tests), when they are only recorded.
     */
    static List<Decision> decisionsOf(CompiledPackage pkg, Firing f, Decision.Status forced,
                                      Map<String, ?> known) {
        List<String> matched = f.facts().stream().map(FactText::describe).toList();
        List<String> devices = FactText.devices(f.facts());
        Instant time = Instant.ofEpochMilli(f.time());
        if (f.error() != null) {
            String id = id(pkg, f, matched, "failed:" + f.error());
            return List.of(new Decision(id, pkg.name(), pkg.version(), f.rule(), time, Decision.Kind.RULE_FAILED,
                    "The rule failed and was isolated; other rules go on.", matched, devices, null, null,
                    forced != null ? forced : Decision.Status.FAILED, f.error()));
        }
        List<Decision> out = new ArrayList<>();
        int index = 0;
        for (Actions.Requested r : f.requested()) {
            String id = id(pkg, f, matched, index++ + ":" + r);
            List<String> involved = new ArrayList<>(devices);
            if (r.device() != null && !involved.contains(r.device())) {
                involved.add(0, r.device());
            }
            Decision.Command command = null;
            Decision.Status status = Decision.Status.RECORDED;
            String detail = "Recorded.";
            if (r.kind() == Decision.Kind.COMMAND) {
                command = new Decision.Command(r.device(), Actions.pointer(r.key()).toString(), Actions.json(r.value()).toString());
                if (known.isEmpty()) {
                    status = Decision.Status.RECORDED;
                } else {
                    boolean exists = known.containsKey(r.device());
                    status = exists ? Decision.Status.SENT : Decision.Status.FAILED;
                    detail = exists ? "Sent; waiting for the device to confirm." : "There is no twin '" + r.device() + "'.";
                }
            }
            out.add(new Decision(id, pkg.name(), pkg.version(), f.rule(), time, r.kind(), r.reason(), matched, involved,
                    command, r.severity(), forced != null ? forced : status, forced != null ? "Dry run: nothing was done." : detail));
        }
        return out;
    }

    /** Same package version, rule, matched facts and action: same id, which is what makes replays idempotent. */
    private static String id(CompiledPackage pkg, Firing f, List<String> matched, String action) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((pkg.name() + "\n" + pkg.version() + "\n" + f.rule() + "\n" + String.join("\n", matched) + "\n"
                    + action).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void swapIn(CompiledPackage compiled) {
        RuleSession session = new RuleSession(compiled, graphContext, engine.clock().millis());
        session.seed(world);
        Active old = active.put(compiled.name(), new Active(session, engine.clock().instant()));
        if (old != null) {
            old.session().close();
        }
        LOG.info("Rule package '{}' v{} active: {} rule(s)", compiled.name(), compiled.version(), compiled.rules().size());
        fireAll();
    }

    private Optional<PackageInfo> info(String pkg) {
        Active a = active.get(pkg);
        if (a == null) {
            return Optional.empty();
        }
        CompiledPackage c = a.session().pkg();
        return Optional.of(new PackageInfo(c.name(), c.version(), c.rules(), a.session().disabled(), a.activatedAt()));
    }

    private static TwinGraphException notFound(String pkg) {
        return new TwinGraphException("rules:package.notfound", TwinGraphException.Kind.NOT_FOUND,
                "There is no rule package '" + pkg + "'.", "GET /api/rules lists the packages.");
    }

    /** Runs work on the rules thread and waits for it, so that it never overlaps a batch. */
    private <T> T onThread(Callable<T> work) {
        Future<T> f = thread.submit(work);
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new TwinGraphException("rules:busy", TwinGraphException.Kind.TIMEOUT,
                    "The rules thread did not get to the request within 60 s.", "Try again; see /health for its queue.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void runOnThread(Runnable work) {
        if (!thread.isShutdown()) {
            thread.execute(work);
        }
    }

    /** Runs {@code work} on the rules thread; for tests and tools that need a consistent view. */
    public void sync() {
        onThread(() -> null);
    }

    Collection<String> activeNames() {
        return active.keySet();
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        active.values().forEach(a -> a.session().close());
        active.clear();
    }
}
