package io.twingraph.twins.ditto.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.core.IntervalFunction;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinStore;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/**
 * Keeps the local twins (and so the graph) a mirror of a live Ditto. The Ditto equivalent of the MQTT connector: it
 * turns Ditto's things and change events into {@link TwinCommand}s ({@link TwinCommand.Origin#SYSTEM}) for the engine's
 * writer, in order.
 *
 * <p>One thread does everything, in this order, again after every disconnect:
 * <ol>
 * <li>opens the change stream ({@code GET /api/2/things}, {@code Accept: text/event-stream}, with {@code _revision}
 *     and {@code _context}); events arriving from now on wait in a queue;</li>
 * <li>loads every thing in scope through the search API, page by page, and replaces the local twin with it (unchanged
 *     twins are left alone); local twins Ditto no longer has are deleted; each thing's Ditto revision is noted;</li>
 * <li>applies the queued and the following events: the next revision of a thing is applied, repeats and older ones
 *     are dropped, a jump (missed changes) or an unreadable event makes it fetch the thing and replace it. A change
 *     the local store refuses (the twins drifted apart) also makes it fetch the thing.</li>
 * </ol>
 * A stream that ends, breaks, or stays silent longer than the idle timeout (Ditto sends heartbeats every second) is
 * reopened after a backoff (exponential with jitter, capped); all calls go through {@link DittoHttp}'s circuit
 * breaker. Whatever happens to Ditto, the local twins keep their last known state. Close it to stop.
 */
public final class DittoFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DittoFollower.class);
    private static final int QUEUE_CAPACITY = 10_000;
    private static final long POLL_MILLIS = 100;
    private static final Duration QUIET_WAIT = Duration.ofSeconds(30);

    private final DittoHttp http;
    private final DittoSettings settings;
    private final TwinStore view;
    private final TwinSubmitter sink;
    private final Clock clock;
    private final SearchPager pager;
    private final DittoProtocolCodec codec = new DittoProtocolCodec();
    /** Only the follower's thread touches it. */
    private final RevisionTracker revisions = new RevisionTracker();
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** Things whose local change was refused; filled from the writer's thread, fetched on the follower's. */
    private final Set<ThingId> refused = ConcurrentHashMap.newKeySet();
    private final IntervalFunction backoff;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private volatile boolean closed;
    private volatile long generation;
    private volatile DittoStatus.State state = DittoStatus.State.STARTING;
    private volatile Instant followingSince;
    private volatile Instant lastEventAt;
    private volatile String lastEventThing;
    private volatile long lastRevision = -1;
    private volatile int things;
    private volatile CompletionStage<?> lastSubmitted = CompletableFuture.completedFuture(null);
    private boolean warnedNoRevision;

    /** One line's worth of stream, or its end, tagged with the connection it came from. */
    private record Item(long generation, String data, boolean end, Throwable error) {
    }

    private DittoFollower(DittoHttp http, TwinStore view, TwinSubmitter sink) {
        this.http = http;
        this.settings = http.settings();
        this.view = view;
        this.sink = sink;
        this.clock = http.clock();
        this.pager = new SearchPager(http);
        DittoSettings.Timing timing = settings.timing();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(timing.initialBackoff(), 2.0, 0.5,
                timing.maxBackoff());
        this.thread = new Thread(this::run, "twingraph-ditto-follower");
        this.thread.setDaemon(true);
    }

    /**
     * Starts following in the background and returns at once; {@link #awaitFollowing} waits for the first load.
     *
     * @param view the local twins as they are (reads only; for what to delete and what is unchanged)
     * @param sink where the changes go (the engine's writer)
     */
    public static DittoFollower start(DittoHttp http, TwinStore view, TwinSubmitter sink) {
        DittoFollower follower = new DittoFollower(http, view, sink);
        LOG.info("Ditto: following {} ({})", follower.settings.baseUri(), follower.settings);
        follower.thread.start();
        return follower;
    }

    /** Waits until the stream is open and every thing loaded; false when that did not happen in time. */
    public boolean awaitFollowing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (state != DittoStatus.State.FOLLOWING) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    public DittoStatus status() {
        Optional<DittoHttp.Problem> problem = http.lastError();
        return new DittoStatus(settings.baseUri().toString(), state, settings.auth().describe(), followingSince,
                lastEventAt, lastEventThing, lastRevision, applied.get(), dropped.get(), fetched.get(), resyncs.get(),
                things, http.breakerState().name(), problem.map(DittoHttp.Problem::at).orElse(null),
                problem.map(DittoHttp.Problem::message).orElse(null));
    }

    @Override
    public void close() {
        closed = true;
        stopping.countDown();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            Exception where = new Exception("follower thread");
            where.setStackTrace(thread.getStackTrace());
            LOG.warn("Ditto: the follower did not stop within 5 s", where);
        }
        state(DittoStatus.State.STOPPED);
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            SseStream stream = null;
            try {
                state(DittoStatus.State.CONNECTING);
                queue.clear();
                long connection = ++generation;
                stream = SseStream.open(http, "/things" + DittoUris.query(streamParams()),
                        event -> enqueue(new Item(connection, event.data(), false, null)),
                        error -> enqueue(new Item(connection, null, true, error)));
                state(DittoStatus.State.LOADING);
                long start = System.nanoTime();
                resync();
                followingSince = clock.instant();
                failures = 0;
                state(DittoStatus.State.FOLLOWING);
                LOG.info("Ditto: {} things loaded from {} in {} ms; following its changes", things, settings.baseUri(),
                        (System.nanoTime() - start) / 1_000_000);
                follow(stream, connection);
            } catch (RuntimeException e) {
                if (!closed) {
                    http.remember(e);
                    LOG.warn("Ditto: {}; serving the last known state and reconnecting", DittoErrors.describe(e));
                }
            } finally {
                if (stream != null) {
                    stream.close();
                }
                followingSince = null;
            }
            if (closed) {
                break;
            }
            state(DittoStatus.State.DISCONNECTED);
            failures++;
            pause(backoff.apply(failures));
        }
        state(DittoStatus.State.STOPPED);
    }

    private Map<String, String> streamParams() {
        Map<String, String> params = new java.util.LinkedHashMap<>(DittoUris.scope(settings));
        params.put("fields", DittoUris.STREAM_FIELDS);
        return params;
    }

    /** Called on the HTTP client's thread: waits while the queue is full (slowing the socket), not past a reconnect. */
    private void enqueue(Item item) {
        try {
            while (!closed && item.generation() == generation) {
                if (queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loads every thing in scope and makes the local twins match. */
    private void resync() {
        awaitQuiet(); // what was submitted before is applied, so the local twins can be compared
        Set<ThingId> seen = new HashSet<>();
        pager.forEach(thing -> thing.getEntityId().ifPresent(id -> {
            seen.add(id);
            replace(id, thing, true);
        }));
        for (Thing local : view.all()) {
            ThingId id = local.getEntityId().orElseThrow();
            if (!seen.contains(id)) {
                submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.SYSTEM,
                        "ditto-resync:" + id), true);
            }
        }
        for (ThingId id : List.copyOf(revisions.followed())) {
            if (!seen.contains(id)) {
                revisions.gone(id, revisions.revision(id));
            }
        }
        things = revisions.size();
        resyncs.incrementAndGet();
    }

    /** Applies stream events until the stream ends, breaks or goes silent (then throws). */
    private void follow(SseStream stream, long connection) {
        long idleNanos = settings.timing().idleTimeout().toNanos();
        while (!closed) {
            Item item;
            try {
                item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            fetchRefused();
            if (item == null) {
                if (System.nanoTime() - stream.lastActivityNanos() > idleNanos) {
                    throw new TwinGraphException("ditto:stream.idle", TwinGraphException.Kind.UNAVAILABLE,
                            "Ditto's change stream sent nothing for " + settings.timing().idleTimeout().toSeconds()
                                    + " s (not even a heartbeat).", null);
                }
                continue;
            }
            if (item.generation() != connection) {
                continue;
            }
            if (item.end()) {
                Throwable cause = item.error();
                throw new TwinGraphException(DittoErrors.UNAVAILABLE, TwinGraphException.Kind.UNAVAILABLE,
                        "Ditto's change stream " + (cause == null ? "was closed by Ditto" : "broke: " + cause), null,
                        cause);
            }
            onEvent(item.data());
        }
    }

    private void onEvent(String data) {
        DittoChange.Read read = DittoChange.read(data, codec);
        if (read instanceof DittoChange.Nothing) {
            return;
        }
        if (read instanceof DittoChange.Problem problem) {
            http.remember("Unreadable change from Ditto: " + problem.description());
            LOG.warn("Ditto: unreadable change notification: {}", problem.description());
            return;
        }
        DittoChange change = ((DittoChange.Change) read).change();
        ThingId id = change.thingId();
        lastEventAt = clock.instant();
        lastEventThing = id.toString();
        lastRevision = change.revision();
        switch (revisions.decide(id, change.revision(), change.wholeThing())) {
            case DROP:
                dropped.incrementAndGet();
                LOG.debug("Ditto: dropped revision {} of {} (at {} already)", change.revision(), id, revisions.revision(id));
                return;
            case FETCH:
                fetch(id);
                return;
            default:
                break;
        }
        TwinCommand command = change.command();
        if (command == null) {
            fetch(id);
            return;
        }
        submit(command, false);
        if (command instanceof TwinCommand.Delete && change.wholeThing()) {
            revisions.gone(id, change.revision());
        } else {
            revisions.at(id, change.revision());
        }
        things = revisions.size();
        applied.incrementAndGet();
    }

    /** Fetches the things whose local change was refused. */
    private void fetchRefused() {
        for (ThingId id : List.copyOf(refused)) {
            fetch(id);
        }
    }

    /** Replaces the local twin with Ditto's, or deletes it when Ditto has none. */
    private void fetch(ThingId id) {
        refused.remove(id);
        fetched.incrementAndGet();
        Optional<Thing> thing = pager.fetch(id);
        if (thing.isPresent()) {
            replace(id, thing.get(), false);
        } else {
            awaitQuiet(); // a creation may still be on its way to the store
            if (view.get(id).isPresent()) {
                submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.SYSTEM, "ditto-fetch:" + id),
                        true);
            }
            revisions.gone(id, revisions.revision(id));
        }
        things = revisions.size();
    }

    /**
     * Makes the local twin Ditto's thing.
     *
     * @param skipIfSame leave an identical local twin alone (only while nothing for it is still queued: a resync)
     */
    private void replace(ThingId id, Thing thing, boolean skipIfSame) {
        long revision = thing.getRevision().map(ThingRevision::toLong).orElse(-1L);
        if (revision < 0 && !warnedNoRevision) {
            warnedNoRevision = true;
            LOG.warn("Ditto: things come without _revision; every change will cost a fetch");
        }
        JsonObject json = regular(thing);
        boolean same = skipIfSame && view.get(id).map(DittoFollower::regular).filter(json::equals).isPresent();
        if (!same) {
            submit(new TwinCommand.Modify(id, JsonPointer.empty(), json, TwinCommand.Origin.SYSTEM,
                    "ditto-sync:" + id + ":" + revision), true);
        }
        revisions.at(id, revision);
    }

    /**
     * Hands a command to the writer.
     *
     * @param authoritative Ditto's whole state of the thing: if the local store refuses it, fetching again would not
     *                      help, so it is only reported
     */
    private void submit(TwinCommand command, boolean authoritative) {
        CompletionStage<?> stage;
        try {
            stage = sink.submit(command);
        } catch (RuntimeException e) {
            refusedLocally(command, e, authoritative);
            return;
        }
        lastSubmitted = stage;
        stage.whenComplete((ok, error) -> {
            if (error != null) {
                refusedLocally(command, error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error, authoritative);
            }
        });
    }

    private void refusedLocally(TwinCommand command, Throwable error, boolean authoritative) {
        if (closed) {
            return;
        }
        if (authoritative) {
            http.remember("The local twin store refused Ditto's state of '" + command.thingId() + "': " + error);
            LOG.warn("Ditto: the local twin store refused Ditto's state of {}: {}", command.thingId(), error.toString());
        } else {
            LOG.debug("Ditto: local change refused for {} at {} ({}); fetching it", command.thingId(), command.path(),
                    error.toString());
            refused.add(command.thingId());
        }
    }

    /** Waits until what was submitted so far is applied (the writer applies in order). */
    private void awaitQuiet() {
        try {
            lastSubmitted.toCompletableFuture().get(QUIET_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException refusedOne) {
            // reported through its own callback
        } catch (TimeoutException e) {
            LOG.warn("Ditto: the writer has not applied the changes submitted {} s ago; going on", QUIET_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinGraphException("ditto:interrupted", TwinGraphException.Kind.UNAVAILABLE,
                    "Interrupted while waiting for the writer (TwinGraph is stopping).", null, e);
        }
    }

    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void state(DittoStatus.State next) {
        synchronized (this) {
            state = next;
            notifyAll();
        }
    }

    /** The thing's own fields, without Ditto's bookkeeping ({@code _revision}, {@code _modified}...). */
    private static JsonObject regular(Thing thing) {
        JsonObject all = thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial());
        var regular = JsonObject.newBuilder();
        for (var field : all) {
            if (!field.getKeyName().startsWith("_")) {
                regular.set(field);
            }
        }
        return regular.build();
    }
}
