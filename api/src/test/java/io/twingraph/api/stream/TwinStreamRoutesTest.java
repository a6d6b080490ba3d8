package io.twingraph.api.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.http.Json;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.policy.ThingAccess;

/** The live twin stream over a real socket, against an in-memory engine. */
class TwinStreamRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TwinGraphEngine engine = TwinGraphEngine.inMemory(Clock.systemUTC());
    private final List<AutoCloseable> open = new ArrayList<>();

    /** One server-sent event (name null for a comment, whose text is then in data). */
    record Event(String name, String data) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(data);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        engine.close();
    }

    @Test
    void aCommittedChangeArrivesWithTheValuesItLeftBehind() throws Exception {
        String base = serve(new TwinStreamRoutes(engine));
        BlockingQueue<Event> events = subscribe(base);
        assertThat(next(events, "ready").json().path("subject").asText()).isEqualTo("local");

        create("home:lamp");
        JsonNode created = next(events, "twin").json();
        assertThat(created.path("thingId").asText()).isEqualTo("home:lamp");
        assertThat(created.path("action").asText()).isEqualTo("CREATED");
        assertThat(created.at("/changes/0/path").asText()).isEqualTo("/");
        assertThat(created.at("/changes/0/value/features/light/properties/on").asBoolean()).isFalse();

        // telemetry merges one property: the change names that leaf only, with its value after the merge
        telemetry("home:lamp", "{\"light\":{\"properties\":{\"brightness\":40}}}");
        JsonNode merged = next(events, "twin").json();
        assertThat(merged.path("action").asText()).isEqualTo("MERGED");
        assertThat(merged.path("revision").asLong()).isEqualTo(created.path("revision").asLong() + 1);
        assertThat(merged.path("changes")).hasSize(1);
        assertThat(merged.at("/changes/0/path").asText()).isEqualTo("/features/light/properties/brightness");
        assertThat(merged.at("/changes/0/value").asInt()).isEqualTo(40);

        engine.submit(new TwinCommand.Delete(ThingId.of("home:lamp"), JsonPointer.of("/features/light/properties/brightness"),
                TwinCommand.Origin.API, "delete-1")).join();
        JsonNode deleted = next(events, "twin").json();
        assertThat(deleted.path("action").asText()).isEqualTo("DELETED");
        assertThat(deleted.at("/changes/0/deleted").asBoolean()).isTrue();
    }

    @Test
    void aCallerGetsOnlyWhatItMayRead() throws Exception {
        String base = serve(new TwinStreamRoutes(engine, caller -> new NoSecretsNoBrightness(),
                TwinStreamRoutes.Settings.DEFAULTS));
        BlockingQueue<Event> events = subscribe(base);
        next(events, "ready");

        create("secret:safe");
        create("home:lamp");
        JsonNode lamp = next(events, "twin").json();
        assertThat(lamp.path("thingId").asText()).as("nothing about secret:safe").isEqualTo("home:lamp");
        assertThat(lamp.at("/changes/0/value/features/light/properties/on").asBoolean()).isFalse();
        assertThat(lamp.at("/changes/0/value/features/light/properties").has("brightness")).as("the view").isFalse();

        telemetry("home:lamp", "{\"light\":{\"properties\":{\"brightness\":40}}}");
        telemetry("home:lamp", "{\"light\":{\"properties\":{\"on\":true,\"brightness\":50}}}");
        JsonNode on = next(events, "twin").json();
        assertThat(on.path("changes")).as("the brightness-only change was not sent; of this one only 'on'").hasSize(1);
        assertThat(on.at("/changes/0/path").asText()).isEqualTo("/features/light/properties/on");
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aClientThatFallsBehindItsBufferIsToldToReloadAndTheStreamEnds() throws Exception {
        PausedExecutor paused = new PausedExecutor();
        TwinStreamRoutes routes = new TwinStreamRoutes(engine, TwinStreamRoutes.Visibility.ALL,
                new TwinStreamRoutes.Settings(3, Duration.ofMinutes(1), 10), paused);
        String base = serve(routes);
        List<Event> received = new CopyOnWriteArrayList<>();
        // the response's headers may wait for the first write, which waits for the paused executor
        var response = HTTP.sendAsync(streamRequest(base), HttpResponse.BodyHandlers.ofLines());
        await().atMost(WAIT).until(() -> routes.clientCount() == 1);

        for (int i = 0; i < 5; i++) { // 1 ready + 5 changes > 3 buffered
            create("home:lamp-" + i);
        }
        paused.release();
        Stream<String> lines = response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).body();
        Thread reader = new Thread(() -> parse(lines, received::add));
        reader.start();
        reader.join(WAIT.toMillis());

        assertThat(reader.isAlive()).as("the stream ended").isFalse();
        assertThat(received).extracting(Event::name).containsExactly("overflow");
        assertThat(received.get(0).json().path("reload").asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> routes.clientCount() == 0);
    }

    @Test
    void heartbeatsKeepAQuietStreamAlive() throws Exception {
        String base = serve(new TwinStreamRoutes(engine, TwinStreamRoutes.Visibility.ALL,
                new TwinStreamRoutes.Settings(10, Duration.ofMillis(100), 10)));
        BlockingQueue<Event> events = subscribe(base);
        next(events, "ready");
        Event beat = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(beat).isNotNull();
        assertThat(beat.name()).isNull();
        assertThat(beat.data()).isEqualTo("heartbeat");
    }

    @Test
    void streamsBeyondTheLimitAreRefused() throws Exception {
        String base = serve(new TwinStreamRoutes(engine, TwinStreamRoutes.Visibility.ALL,
                new TwinStreamRoutes.Settings(10, Duration.ofMinutes(1), 1)));
        next(subscribe(base), "ready");
        Event refused = next(subscribe(base), "refused");
        assertThat(refused.json().path("message").asText()).contains("Too many live streams");
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private String serve(TwinStreamRoutes routes) {
        HttpServer server = HttpServer.start("127.0.0.1", 0, List.of(routes));
        open.add(routes); // the stream before the server, as the app closes them
        open.add(server);
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpRequest streamRequest(String base) {
        return HttpRequest.newBuilder(URI.create(base + TwinStreamRoutes.PATH)).header("Accept", "text/event-stream").build();
    }

    /** Reads the stream on a background thread into a queue of events. */
    private static BlockingQueue<Event> subscribe(String base) {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        HTTP.sendAsync(streamRequest(base), HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(r -> parse(r.body(), events::add), Executors.newSingleThreadExecutor());
        return events;
    }

    private static void parse(Stream<String> lines, java.util.function.Consumer<Event> sink) {
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        lines.forEach(line -> {
            if (line.startsWith(":")) {
                sink.accept(new Event(null, line.substring(1).trim()));
            } else if (line.startsWith("event:")) {
                name[0] = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && name[0] != null) {
                sink.accept(new Event(name[0], data.toString()));
                name[0] = null;
                data.setLength(0);
            }
        });
    }

    /** The next event of that name, skipping heartbeats. */
    private static Event next(BlockingQueue<Event> events, String name) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            Event e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.name() != null) {
                assertThat(e.name()).isEqualTo(name);
                return e;
            }
        }
        throw new AssertionError("no '" + name + "' event within " + WAIT);
    }

    private void create(String id) {
        Thing thing = ThingsModelFactory.newThingBuilder().setId(ThingId.of(id))
                .setFeatureProperty("light", JsonPointer.of("on"), JsonValue.of(false))
                .setFeatureProperty("light", JsonPointer.of("brightness"), JsonValue.of(80))
                .build();
        engine.submit(new TwinCommand.Create(ThingId.of(id), thing, TwinCommand.Origin.API, "create-" + id)).join();
    }

    private void telemetry(String id, String features) {
        engine.submit(new TwinCommand.Merge(ThingId.of(id), JsonPointer.of("/features"), JsonFactory.newObject(features),
                TwinCommand.Origin.DEVICE, "telemetry-" + id)).join();
    }

    /** A caller who may read nothing in the namespace "secret" and no brightness. */
    private static final class NoSecretsNoBrightness implements ThingAccess {
        private static final JsonPointer BRIGHTNESS = JsonPointer.of("/features/light/properties/brightness");

        @Override
        public boolean canRead(ThingId thingId, JsonPointer path) {
            return !thingId.getNamespace().equals("secret") && !path.toString().startsWith(BRIGHTNESS.toString());
        }

        @Override
        public boolean canReadAll(ThingId thingId, JsonPointer path) {
            return canRead(thingId, path) && !BRIGHTNESS.toString().startsWith(path.toString());
        }

        @Override
        public boolean canWrite(ThingId thingId, JsonPointer path) {
            return false;
        }

        @Override
        public boolean canWriteUnder(ThingId thingId, PolicyId policyId, JsonPointer path) {
            return false;
        }

        @Override
        public Optional<Thing> view(Thing thing) {
            if (thing.getEntityId().orElseThrow().getNamespace().equals("secret")) {
                return Optional.empty();
            }
            return Optional.of(thing.removeFeatureProperty("light", JsonPointer.of("brightness")));
        }

        @Override
        public boolean isUnrestricted() {
            return false;
        }
    }

    /** Holds every task until released, then runs them (and later ones) on a thread of its own. */
    private static final class PausedExecutor extends AbstractExecutorService {
        private final List<Runnable> held = new ArrayList<>();
        private final java.util.concurrent.ExecutorService runner = Executors.newCachedThreadPool();
        private boolean released;

        synchronized void release() {
            released = true;
            held.forEach(runner::execute);
            held.clear();
        }

        @Override
        public synchronized void execute(Runnable task) {
            if (released) {
                runner.execute(task);
            } else {
                held.add(task);
            }
        }

        @Override
        public void shutdown() {
            runner.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return runner.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return runner.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return runner.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return runner.awaitTermination(timeout, unit);
        }
    }
}
