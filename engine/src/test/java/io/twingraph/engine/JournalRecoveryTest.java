package io.twingraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.jena.query.QuerySolution;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;

/**
 * Recovery from the journal on real files. A crash is simulated by copying what is on disk while an engine runs (the
 * twin store file and the journal, as a {@code kill -9} would leave them) and opening a second engine on the copy; the
 * child-JVM tests in the api module kill a real process.
 */
class JournalRecoveryTest {
    /** The store never commits on its own here: what it holds is exactly what the test commits. */
    private static final TwinGraphEngine.Settings NO_AUTO_COMMIT = new TwinGraphEngine.Settings(65_536, 4_096,
            Duration.ofHours(1));
    private static final ThingId SENSOR = ThingId.of("home1:kitchen-sensor");
    private static final ThingId LIGHT = ThingId.of("home1:kitchen-light");

    @TempDir
    Path dir;

    /** A clock that moves 1 ms per reading, so every change has its own modification time. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-06-01T12:00:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }
    }

    /** Records what became of each delivery. */
    private static final class Acks {
        final List<String> accepted = new CopyOnWriteArrayList<>();
        final List<String> notAccepted = new CopyOnWriteArrayList<>();

        Delivery.Acknowledgement of(String name) {
            return new Delivery.Acknowledgement() {
                @Override
                public void accepted() {
                    accepted.add(name);
                }

                @Override
                public void notAccepted() {
                    notAccepted.add(name);
                }
            };
        }
    }

    /** A delivery; {@code resumed} names the resumed connection it arrived at the head of, or is null. */
    private static Delivery delivery(Acks acks, int packetId, String payload, String resumed) {
        return new Delivery("twingraph/home1:kitchen-sensor/telemetry", payload,
                new Delivery.MessageId("mqtt:tg:" + packetId, payload.hashCode()), resumed, acks.of(packetId + ":" + payload));
    }

    private static TwinCommand.Merge temperature(double value) {
        return TwinCommand.telemetry(SENSOR, JsonObject.of("{\"environment\":{\"temperature\":" + value + "}}"), null);
    }

    private static String payload(double value) {
        return "{\"environment\":{\"temperature\":" + value + "}}";
    }

    private static void provision(TwinGraphEngine engine) {
        engine.provision(List.of(TestThings.kitchenSensor(20.0), TestThings.kitchenLight(false)));
    }

    /** Sends temperatures from {@code from} as deliveries with packet ids from {@code firstPacket}; waits for the acks. */
    private static void stream(TwinGraphEngine engine, Acks acks, int firstPacket, int from, int count) {
        int before = acks.accepted.size();
        for (int i = 0; i < count; i++) {
            double value = from + i;
            engine.submit(temperature(value), delivery(acks, firstPacket + i, payload(value), null));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.accepted.size() == before + count);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.stats().queued() == 0);
    }

    /** What a kill -9 leaves of an engine's data directory: its files as they are now. */
    private Path crashCopy(Path data, String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy.resolve("journal"));
        Files.copy(data.resolve("twins.mv"), copy.resolve("twins.mv"));
        try (Stream<Path> segments = Files.list(data.resolve("journal"))) {
            for (Path s : segments.toList()) {
                Files.copy(s, copy.resolve("journal").resolve(s.getFileName()));
            }
        }
        return copy;
    }

    /** Every twin as JSON with its revision, created and modified times. */
    private static Map<String, String> twins(TwinGraphEngine engine) {
        Map<String, String> all = new TreeMap<>();
        for (Thing t : engine.twins().all()) {
            all.put(t.getEntityId().orElseThrow().toString(),
                    t.toJsonString(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()));
        }
        return all;
    }

    private static String kitchenTemperatureInGraph(TwinGraphEngine engine) {
        SparqlService sparql = new SparqlService(engine.graph(), Duration.ofSeconds(5), 100);
        SparqlResult result = sparql.execute(SparqlService.parse("""
                SELECT ?t WHERE { <https://twingraph.io/thing/home1:kitchen-sensor/features/environment/properties/temperature#obs>
                                  sosa:hasSimpleResult ?t }"""));
        List<String> values = new ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            values.add(s.get("t").asLiteral().getLexicalForm());
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static long revision(TwinGraphEngine engine, ThingId id) {
        return engine.twins().get(id).orElseThrow().getRevision().orElseThrow().toLong();
    }

    @Test
    void aCrashBeforeTheTwinStoreCommitsLosesNothingThatWasJournaled() throws Exception {
        Path data = dir.resolve("a");
        Acks acks = new Acks();
        try (TwinGraphEngine a = TwinGraphEngine.open(data, new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(a);
            stream(a, acks, 1, 1, 40);
            a.submit(new TwinCommand.Modify(LIGHT, JsonPointer.of("/features/light/properties/on"), JsonValue.of(true),
                    TwinCommand.Origin.API, "api-1")).join();
            assertThat(a.twins().committedSequence()).isZero();
            long journaled = a.stats().journal().sequence();
            assertThat(journaled).isEqualTo(2 + 40 + 1);

            Path crashed = crashCopy(data, "crashed");
            try (TwinGraphEngine b = TwinGraphEngine.open(crashed, new SteppingClock(), NO_AUTO_COMMIT)) {
                assertThat(b.stats().journal().replayedAtStart()).isEqualTo(journaled);
                assertThat(twins(b)).isEqualTo(twins(a));
                assertThat(revision(b, SENSOR)).isEqualTo(1 + 40);
                assertThat(Double.parseDouble(kitchenTemperatureInGraph(b))).isEqualTo(40.0);
                // numbering goes on after the replayed entries
                TwinEvent next = b.submit(temperature(99.5)).join();
                assertThat(next.sequence()).isEqualTo(journaled + 1);
                assertThat(next.replayed()).isFalse();
            }
        }
    }

    @Test
    void aCrashAfterAStoreCommitReplaysOnlyWhatTheStoreLacksAndAppliesNothingTwice() throws Exception {
        Path data = dir.resolve("a");
        Acks acks = new Acks();
        try (TwinGraphEngine a = TwinGraphEngine.open(data, new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(a);
            stream(a, acks, 1, 1, 25);
            a.twins().commit();
            long committed = a.twins().committedSequence();
            assertThat(committed).isEqualTo(2 + 25);
            stream(a, acks, 26, 26, 25);

            try (TwinGraphEngine b = TwinGraphEngine.open(crashCopy(data, "crashed"), new SteppingClock(), NO_AUTO_COMMIT)) {
                assertThat(b.stats().journal().replayedAtStart()).isEqualTo(25);
                assertThat(twins(b)).isEqualTo(twins(a));
                assertThat(revision(b, SENSOR)).isEqualTo(1 + 50);
                assertThat(Double.parseDouble(kitchenTemperatureInGraph(b))).isEqualTo(50.0);
            }
        }
    }

    @Test
    void aRestartAfterACleanStopReplaysNothingAndKeepsNumbering() throws Exception {
        Path data = dir.resolve("a");
        Acks acks = new Acks();
        long last;
        try (TwinGraphEngine a = TwinGraphEngine.open(data, new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(a);
            stream(a, acks, 1, 1, 10);
            last = a.stats().journal().sequence();
        }
        try (TwinGraphEngine b = TwinGraphEngine.open(data, new SteppingClock(), NO_AUTO_COMMIT)) {
            assertThat(b.stats().journal().replayedAtStart()).isZero();
            assertThat(b.stats().journal().committedSequence()).isEqualTo(last);
            assertThat(b.submit(temperature(1.5)).join().sequence()).isEqualTo(last + 1);
        }
    }

    @Test
    void listenersRegisteredBeforeTheReplaySeeReplayedEventsMarkedAndInputWaitsForTheReplay() throws Exception {
        Path data = dir.resolve("a");
        Acks acks = new Acks();
        List<TwinEvent> original = new CopyOnWriteArrayList<>();
        try (TwinGraphEngine a = TwinGraphEngine.open(data, new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(a);
            a.twins().commit();
            long committed = a.twins().committedSequence();
            // (it may still be told of the provisioning batch: callers hear back just before listeners are)
            a.onCommitted(events -> events.stream().filter(e -> e.sequence() > committed).forEach(original::add));
            stream(a, acks, 1, 1, 12);
            await().until(() -> original.size() == 12);

            List<TwinEvent> seen = new CopyOnWriteArrayList<>();
            try (TwinGraphEngine b = TwinGraphEngine.openForReplay(crashCopy(data, "crashed"), new SteppingClock(),
                    NO_AUTO_COMMIT)) {
                assertThat(revision(b, SENSOR)).isEqualTo(1); // reads show the last commit until the replay
                b.onCommitted(seen::addAll);
                // input that comes before the replay (a connector connected early) waits for it
                CompletableFuture<TwinEvent> early = CompletableFuture.supplyAsync(() -> b.submit(temperature(55)).join());
                Thread.sleep(200);
                assertThat(early).isNotDone();

                assertThat(b.replayJournal()).isEqualTo(12);
                assertThat(b.replayJournal()).isZero();
                TwinEvent afterReplay = early.get(10, TimeUnit.SECONDS);
                assertThat(afterReplay.replayed()).isFalse();
                assertThat(afterReplay.sequence()).isEqualTo(original.get(11).sequence() + 1);
                await().until(() -> seen.size() == 13);
                seen.remove(12);

                assertThat(seen).hasSize(12).allSatisfy(e -> assertThat(e.replayed()).isTrue());
                assertThat(seen).extracting(TwinEvent::sequence).isEqualTo(original.stream().map(TwinEvent::sequence).toList());
                assertThat(seen).extracting(TwinEvent::revision).isEqualTo(original.stream().map(TwinEvent::revision).toList());
                assertThat(seen).extracting(TwinEvent::timestamp).isEqualTo(original.stream().map(TwinEvent::timestamp).toList());
                assertThat(seen).extracting(TwinEvent::correlationId)
                        .isEqualTo(original.stream().map(TwinEvent::correlationId).toList());

                b.submit(temperature(77)).join();
                await().until(() -> seen.size() == 13); // callers hear back just before listeners are told
                assertThat(seen.get(12).replayed()).isFalse();
                assertThat(seen.get(12).sequence()).isEqualTo(original.get(11).sequence() + 2);
            }
        }
    }

    @Test
    void aRedeliveryOfAJournaledMessageIsAcknowledgedButNotAppliedAgain() {
        Acks acks = new Acks();
        try (TwinGraphEngine engine = TwinGraphEngine.open(dir.resolve("a"), new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(engine);
            engine.submit(temperature(21), delivery(acks, 7, payload(21), null));
            await().until(() -> acks.accepted.size() == 1);
            long revision = revision(engine, SENSOR);

            // the broker did not see the acknowledgement: the message comes again at the head of the next connection
            engine.submit(temperature(21), delivery(acks, 7, payload(21), "tg#2"));
            await().until(() -> acks.accepted.size() == 2);
            assertThat(engine.stats().redeliveriesSkipped()).isEqualTo(1);
            assertThat(revision(engine, SENSOR)).isEqualTo(revision);

            // the same packet id with other content is another message (ids are reused once acknowledged)
            engine.submit(temperature(22), delivery(acks, 7, payload(22), "tg#2"));
            // and away from the head of a resumed connection it is a new message, whatever it says
            engine.submit(temperature(22), delivery(acks, 7, payload(22), null));
            await().until(() -> acks.accepted.size() == 4);
            await().until(() -> revision(engine, SENSOR) == revision + 2);
            assertThat(engine.stats().redeliveriesSkipped()).isEqualTo(1);
        }
    }

    @Test
    void theFirstNewMessageAtTheHeadOfAResumedConnectionEndsTheLookForRepeatsThere() {
        Acks acks = new Acks();
        try (TwinGraphEngine engine = TwinGraphEngine.open(dir.resolve("a"), new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(engine);
            stream(engine, acks, 1, 1, 3);
            long revision = revision(engine, SENSOR);

            engine.submit(temperature(3), delivery(acks, 3, payload(3), "tg#2")); // a repeat: skipped
            engine.submit(temperature(9), delivery(acks, 9, payload(9), "tg#2")); // new: the repeats are over
            // a broker that hands out the lowest free id can give a new message the id and content of an old one
            engine.submit(temperature(2), delivery(acks, 2, payload(2), "tg#2"));
            await().until(() -> acks.accepted.size() == 6);
            await().until(() -> engine.stats().queued() == 0 && revision(engine, SENSOR) == revision + 2);
            assertThat(engine.stats().redeliveriesSkipped()).isEqualTo(1);
            assertThat(engine.twins().get(SENSOR).orElseThrow().toJson()
                    .getValue("features/environment/properties/temperature")).contains(JsonValue.of(2.0));
        }
    }

    @Test
    void aRedeliveredCreateIsNotAppliedTwiceSoItIsNeverAConflict() {
        Acks acks = new Acks();
        try (TwinGraphEngine engine = TwinGraphEngine.open(dir.resolve("a"), new SteppingClock(), NO_AUTO_COMMIT)) {
            TwinCommand.Create create = new TwinCommand.Create(SENSOR, TestThings.kitchenSensor(19.0),
                    TwinCommand.Origin.DEVICE, "create-1");
            String body = TestThings.kitchenSensor(19.0).toJsonString();
            engine.submit(create, new Delivery("twingraph/home1:kitchen-sensor/ditto", body,
                    new Delivery.MessageId("mqtt:tg:3", 99), null, acks.of("first")));
            engine.submit(create, new Delivery("twingraph/home1:kitchen-sensor/ditto", body,
                    new Delivery.MessageId("mqtt:tg:3", 99), "tg#2", acks.of("again")));
            await().until(() -> acks.accepted.size() == 2);
            await().until(() -> engine.stats().queued() == 0);
            assertThat(engine.deadLetters().total()).isZero();
            assertThat(revision(engine, SENSOR)).isEqualTo(1);
        }
    }

    @Test
    void aMessageRedeliveredAfterACrashIsRecognisedFromTheJournal() throws Exception {
        Path data = dir.resolve("a");
        Acks acks = new Acks();
        try (TwinGraphEngine a = TwinGraphEngine.open(data, new SteppingClock(), NO_AUTO_COMMIT)) {
            provision(a);
            stream(a, acks, 1, 1, 5);
            a.twins().commit(); // packets 1-5 are in the store ...
            stream(a, acks, 6, 6, 5); // ... 6-10 only in the journal

            try (TwinGraphEngine b = TwinGraphEngine.open(crashCopy(data, "crashed"), new SteppingClock(), NO_AUTO_COMMIT)) {
                long revision = revision(b, SENSOR);
                assertThat(revision).isEqualTo(1 + 10);
                Acks after = new Acks();
                b.submit(temperature(9), delivery(after, 9, payload(9), "tg#2"));
                b.submit(temperature(10), delivery(after, 10, payload(10), "tg#2"));
                b.submit(temperature(11), delivery(after, 11, payload(11), "tg#2"));
                await().until(() -> after.accepted.size() == 3);
                await().until(() -> b.stats().queued() == 0 && revision(b, SENSOR) == revision + 1);
                assertThat(b.stats().redeliveriesSkipped()).isEqualTo(2);
                assertThat(b.twins().get(SENSOR).orElseThrow().toJson()
                        .getValue("features/environment/properties/temperature")).contains(JsonValue.of(11.0));
            }
        }
    }
}
