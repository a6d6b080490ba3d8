package io.twingraph.api.stream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.javalin.http.sse.SseClient;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Access;
import io.twingraph.api.access.Principal;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.policy.ThingAccess;

/**
 * {@code GET /api/stream/things}: every committed twin change as a server-sent event, for as long as the client stays
 * (the dashboard's live values). Role {@link Role#READER}; a browser's {@code EventSource} cannot send headers, so it
 * passes its token as {@code ?access_token=}.
 * <ul>
 * <li>{@code event: ready} first, with {@code {"subject"}}: from then on no change is missed;</li>
 * <li>{@code event: twin} for each change, with what of it the caller may read ({@link Visibility}; {@link TwinChange}
 * describes the JSON);</li>
 * <li>a comment ({@code : heartbeat}) every {@link Settings#heartbeat()}, so proxies keep the connection and dead
 * clients are noticed;</li>
 * <li>{@code event: overflow} when a client falls more than {@link Settings#bufferSize()} messages behind: what was
 * buffered is dropped and the stream ends; the client reloads the things and reconnects;</li>
 * <li>{@code event: refused} and the end of the stream when {@link Settings#maxClients()} are connected already.</li>
 * </ul>
 * Close it before the HTTP server stops (see {@link #close()}).
 */
public final class TwinStreamRoutes implements RouteGroup, AutoCloseable {
    /** Where the stream is served. */
    public static final String PATH = "/api/stream/things";

    /**
     * What a caller may read of the twins (the policies: {@code CallerAccess::of}); asked for every change a client
     * is sent, on that client's sending thread, so a policy change applies to streams already open.
     */
    @FunctionalInterface
    public interface Visibility {
        /** Every caller sees every thing. */
        Visibility ALL = caller -> ThingAccess.UNRESTRICTED;

        ThingAccess of(Principal caller);
    }

    /**
     * Tunables.
     *
     * @param bufferSize messages buffered per client before it is told to reload
     * @param heartbeat  time between heartbeat comments
     * @param maxClients streams open at once; more are refused
     */
    public record Settings(int bufferSize, Duration heartbeat, int maxClients) {
        public static final Settings DEFAULTS = new Settings(1_000, Duration.ofSeconds(15), 100);

        public Settings {
            Objects.requireNonNull(heartbeat, "heartbeat");
            if (bufferSize < 1 || maxClients < 1) {
                throw new IllegalArgumentException("bufferSize and maxClients must be positive");
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
            }
        }
    }

    private final Visibility visibility;
    private final Settings settings;
    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService drains;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("twin-stream-heartbeat-"));
    private final java.util.concurrent.atomic.AtomicBoolean heartbeating = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    /** Every change to every caller, with the default settings. */
    public TwinStreamRoutes(TwinGraphEngine engine) {
        this(engine, Visibility.ALL, Settings.DEFAULTS);
    }

    public TwinStreamRoutes(TwinGraphEngine engine, Visibility visibility, Settings settings) {
        this(engine, visibility, settings, Executors.newCachedThreadPool(daemon("twin-stream-")));
    }

    /** @param drains runs each client's sends (tests pause it to make a client fall behind) */
    TwinStreamRoutes(TwinGraphEngine engine, Visibility visibility, Settings settings, ExecutorService drains) {
        this.drains = Objects.requireNonNull(drains, "drains");
        this.visibility = Objects.requireNonNull(visibility, "visibility");
        this.settings = Objects.requireNonNull(settings, "settings");
        engine.onCommitted(this::committed);
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.sse(PATH, this::connect, Role.READER);
    }

    /** Streams open now. */
    public int clientCount() {
        return clients.size();
    }

    private void connect(SseClient sse) {
        sse.keepAlive();
        Principal principal = Access.principal(sse.ctx());
        if (closed || clients.size() >= settings.maxClients()) {
            sse.sendEvent("refused", "{\"message\":\"Too many live streams are open (" + settings.maxClients()
                    + "); try again later.\"}");
            sse.close();
            return;
        }
        startHeartbeats();
        StreamClient client = new StreamClient(sse, principal, settings.bufferSize(), drains);
        sse.onClose(() -> clients.remove(client));
        clients.add(client);
        if (sse.terminated()) { // gone before onClose was set
            clients.remove(client);
            return;
        }
        String subject = principal.subject().replace("\\", "\\\\").replace("\"", "\\\"");
        client.offer(new StreamClient.Message("ready", () -> "{\"subject\":\"" + subject + "\"}"));
    }

    /** On the engine's writer thread: queue each change for every client that may see it, never waiting. */
    private void committed(List<TwinEvent> events) {
        if (clients.isEmpty()) {
            return;
        }
        for (TwinEvent event : events) {
            Supplier<String> whole = once(() -> TwinChange.json(event));
            for (StreamClient client : clients) {
                client.offer(new StreamClient.Message("twin", () -> {
                    ThingAccess access = visibility.of(client.principal());
                    return access.isUnrestricted() ? whole.get() : TwinChange.json(event, access);
                }));
            }
        }
    }

    /** On the first stream: until then the routes hold no thread, so a server that never starts leaks none. */
    private void startHeartbeats() {
        if (heartbeating.compareAndSet(false, true)) {
            long every = settings.heartbeat().toMillis();
            heartbeats.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void heartbeat() {
        StreamClient.Message beat = StreamClient.Message.comment("heartbeat");
        clients.removeIf(StreamClient::isClosed);
        clients.forEach(c -> c.offer(beat));
    }

    /**
     * Stops sending and stops the stream's threads; the open requests end when the HTTP server stops. Close it before
     * the server, so that no write is under way while the server goes.
     */
    @Override
    public void close() {
        closed = true;
        heartbeats.shutdownNow();
        clients.forEach(StreamClient::abandon);
        clients.clear();
        drains.shutdownNow();
    }

    /** The value computed on first use (by whichever client's drain gets there first) and kept. */
    private static Supplier<String> once(Supplier<String> compute) {
        return new Supplier<>() {
            private String value;

            @Override
            public synchronized String get() {
                if (value == null) {
                    value = compute.get();
                }
                return value;
            }
        };
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
