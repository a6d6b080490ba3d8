package io.twingraph.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QuerySolution;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Sosa;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinCommand.Origin;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinStore;

class TwinGraphEngineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final ThingId KITCHEN_SENSOR = ThingId.of("home1:kitchen-sensor");
    private static final ThingId KITCHEN_LIGHT = ThingId.of("home1:kitchen-light");

    private static void provisionHome(TwinGraphEngine engine, Path topology) throws Exception {
        Files.writeString(topology, TestThings.TOPOLOGY, StandardCharsets.UTF_8);
        engine.graph().importFile(topology, Graphs.TOPOLOGY, true);
        engine.provision(List.of(TestThings.kitchenLight(false), TestThings.kitchenSensor(20.0),
                TestThings.bedroomSensor(18.5), TestThings.bedroomLight(true)));
    }

    private static List<String> select(TwinGraphEngine engine, String query, String... vars) {
        SparqlService sparql = new SparqlService(engine.graph(), Duration.ofSeconds(5), 10_000);
        SparqlResult result = sparql.execute(SparqlService.parse(query));
        List<String> rows = new ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            StringBuilder sb = new StringBuilder();
            for (String v : vars) {
                sb.append(sb.length() == 0 ? "" : " ").append(s.get(v).isLiteral() ? s.getLiteral(v).getLexicalForm() : s.get(v).toString());
            }
            rows.add(sb.toString());
        }
        return rows;
    }

    static final String ROOM_TEMPERATURES = """
            SELECT ?name ?temperature WHERE {
              ?room a brick:Room ; rdfs:label ?name .
              ?device brick:hasLocation ?room ; brick:hasPoint ?point .
              ?point a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?temperature .
            } ORDER BY ?name""";

    static final String LIGHTS_ON = """
            SELECT ?name WHERE { ?light a brick:Luminaire ; saref:hasState saref:OnState ; rdfs:label ?name } ORDER BY ?name""";

    @Test
    void telemetryShowsUpInTheGraphJoinedWithTheTopology(@TempDir Path dir) throws Exception {
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(CLOCK)) {
            provisionHome(engine, dir.resolve("home.ttl"));
            assertThat(select(engine, ROOM_TEMPERATURES, "name", "temperature")).containsExactly("Bedroom 18.5", "Kitchen 20");
            assertThat(select(engine, LIGHTS_ON, "name")).containsExactly("Bedroom light");

            engine.submit(TwinCommand.telemetry(KITCHEN_SENSOR, JsonObject.of("{\"environment\":{\"temperature\":22.25}}"), "t1")).join();
            engine.submit(TwinCommand.telemetry(KITCHEN_LIGHT, JsonObject.of("{\"light\":{\"on\":true}}"), "t2")).join();

            assertThat(select(engine, ROOM_TEMPERATURES, "name", "temperature")).containsExactly("Bedroom 18.5", "Kitchen 22.25");
            assertThat(select(engine, LIGHTS_ON, "name")).containsExactly("Bedroom light", "Kitchen light");
        }
    }

    @Test
    void theLiveGraphAlwaysEqualsTheMappingOfTheStoredTwins() {
        Random random = new Random(42);
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(CLOCK)) {
            List<CompletableFuture<TwinEvent>> futures = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                futures.add(engine.submit(randomCommand(random)));
            }
            long failed = futures.stream().filter(f -> f.handle((e, t) -> t != null).join()).count();
            assertThat(failed).as("commands refused").isLessThan(400);

            Set<Triple> expected = new HashSet<>();
            for (Thing thing : engine.twins().all()) {
                expected.addAll(ThingRdfMapping.toTriples(thing));
                expected.addAll(ThingRdfMapping.versionTriples(thing));
            }
            Set<Triple> actual = engine.graph().read(ds -> {
                Set<Triple> s = new HashSet<>();
                Graph live = ds.asDatasetGraph().getGraph(Graphs.LIVE);
                live.find().forEachRemaining(t -> {
                    if (!t.getPredicate().equals(Sosa.resultTime)) {
                        s.add(t);
                    }
                });
                return s;
            });
            assertThat(engine.twins().size()).isGreaterThan(0);
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
            long observations = expected.stream().filter(t -> t.getPredicate().equals(Sosa.hasSimpleResult)).count();
            long times = engine.graph().read(ds -> (long) ds.asDatasetGraph().getGraph(Graphs.LIVE)
                    .find(Node.ANY, Sosa.resultTime, Node.ANY).toList().size());
            assertThat(times).isEqualTo(observations);
        }
    }

    /** Commands over a few twins that create, change, merge and delete in every way the mirror must follow. */
    private static TwinCommand randomCommand(Random r) {
        ThingId id = ThingId.of("t:thing" + r.nextInt(6));
        String feature = "f" + r.nextInt(3);
        switch (r.nextInt(13)) {
            case 11:
            case 12:
                return TwinCommand.telemetry(id, JsonObject.of("{\"" + feature + "\":{\"temperature\":" + r.nextInt(40)
                        + ",\"nested\":{\"a\":" + r.nextInt(3) + "}}}"), "c");
            case 0:
            case 9:
            case 10:
                return new TwinCommand.Modify(id, JsonPointer.empty(), JsonObject.of(
                        "{\"attributes\":{\"name\":\"n" + r.nextInt(3) + "\",\"class\":\"Luminaire\"},"
                                + "\"features\":{\"" + feature + "\":{\"properties\":{\"on\":" + r.nextBoolean() + ",\"temperature\":" + r.nextInt(30) + "}}}}"),
                        Origin.API, "c");
            case 1:
                return new TwinCommand.Delete(id, JsonPointer.empty(), Origin.API, "c");
            case 2:
                return new TwinCommand.Modify(id, JsonPointer.of("/features/" + feature),
                        JsonObject.of("{\"properties\":{\"temperature\":" + r.nextDouble() + ",\"nested\":{\"a\":" + r.nextInt(3) + "}}}"), Origin.API, "c");
            case 3:
                return new TwinCommand.Merge(id, JsonPointer.of("/features"),
                        JsonObject.of("{\"" + feature + "\":{\"properties\":{\"on\":" + r.nextBoolean() + "}}}"), Origin.API, "c");
            case 4:
                return new TwinCommand.Delete(id, JsonPointer.of("/features/" + feature), Origin.API, "c");
            case 5:
                return new TwinCommand.Modify(id, JsonPointer.of("/attributes/location"),
                        JsonValue.of("https://twingraph.io/site/h/r" + r.nextInt(3)), Origin.API, "c");
            case 6:
                return new TwinCommand.Merge(id, JsonPointer.empty(),
                        JsonObject.of("{\"attributes\":{\"name\":null},\"features\":{\"" + feature + "\":null}}"), Origin.API, "c");
            case 7:
                return new TwinCommand.Modify(id, JsonPointer.of("/features/" + feature + "/desiredProperties/on"),
                        JsonValue.of(r.nextBoolean()), Origin.API, "c");
            default:
                return new TwinCommand.Modify(id, JsonPointer.of("/features/" + feature + "/properties/temperature"),
                        JsonValue.of(r.nextInt(40)), Origin.API, "c");
        }
    }

    @Test
    void twinsGraphAndTopologySurviveARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (TwinGraphEngine engine = TwinGraphEngine.open(data, CLOCK, TwinGraphEngine.Settings.DEFAULTS)) {
            provisionHome(engine, dir.resolve("home.ttl"));
            engine.submit(TwinCommand.telemetry(KITCHEN_SENSOR, JsonObject.of("{\"environment\":{\"temperature\":23.5}}"), "t")).join();
        }
        try (TwinGraphEngine engine = TwinGraphEngine.open(data, CLOCK, TwinGraphEngine.Settings.DEFAULTS)) {
            assertThat(engine.twins().size()).isEqualTo(4);
            assertThat(select(engine, ROOM_TEMPERATURES, "name", "temperature")).containsExactly("Bedroom 18.5", "Kitchen 23.5");
            assertThat(engine.graph().size(Graphs.TOPOLOGY)).isEqualTo(10);
        }
    }

    @Test
    void aGraphBehindTheTwinStoreIsRepairedAtStart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (TwinGraphEngine engine = TwinGraphEngine.open(data, CLOCK, TwinGraphEngine.Settings.DEFAULTS)) {
            provisionHome(engine, dir.resolve("home.ttl"));
        }
        // As after a crash between the store's commit and the graph's: the store moved on alone.
        try (TwinStore store = TwinStore.open(data.resolve("twins.mv"))) {
            store.apply(new TwinCommand.Modify(KITCHEN_SENSOR, JsonPointer.of("/features/environment/properties/temperature"),
                    JsonValue.of(30.5), Origin.DEVICE, "c"), CLOCK.instant());
            store.apply(new TwinCommand.Delete(ThingId.of("home1:bedroom-light"), JsonPointer.empty(), Origin.API, "c"), CLOCK.instant());
            store.commit();
        }
        try (TwinGraphEngine engine = TwinGraphEngine.open(data, CLOCK, TwinGraphEngine.Settings.DEFAULTS)) {
            assertThat(select(engine, ROOM_TEMPERATURES, "name", "temperature")).containsExactly("Bedroom 18.5", "Kitchen 30.5");
            assertThat(select(engine, LIGHTS_ON, "name")).isEmpty();
        }
    }

    @Test
    void deviceInputThatCannotBeAppliedBecomesADeadLetterAndIngestionGoesOn() throws Exception {
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(CLOCK)) {
            engine.provision(List.of(TestThings.kitchenSensor(20.0)));

            engine.submit(TwinCommand.telemetry(ThingId.of("home1:nope"), JsonObject.of("{\"x\":{\"y\":1}}"), "a"), "topic/a", "{\"x\":{\"y\":1}}");
            engine.submit(TwinCommand.telemetry(KITCHEN_SENSOR, JsonObject.of("{\"environment\":{\"temperature\":\"hot\"}}"), "b"), "topic/b", "hot");
            engine.submit(TwinCommand.telemetry(KITCHEN_SENSOR, JsonObject.of("{\"environment\":{\"temperature\":21.0}}"), "c")).join();

            assertThat(engine.deadLetters().countsByCode())
                    .containsEntry("things:thing.notfound", 1L)
                    .containsEntry("twins:telemetry.type", 1L);
            assertThat(engine.deadLetters().recent(10)).extracting(d -> d.source()).containsExactly("topic/b", "topic/a");
            assertThat(engine.twins().get(KITCHEN_SENSOR).orElseThrow().toJson()
                    .getValue("features/environment/properties/temperature")).contains(JsonValue.of(21.0));
        }
    }

    @Test
    void callersWaitingForAnOutcomeGetDittosErrors() {
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(CLOCK)) {
            assertThatThrownBy(() -> engine.submit(new TwinCommand.Delete(ThingId.of("a:b"), JsonPointer.empty(), Origin.API, "c")).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(DittoRuntimeException.class);
        }
    }

    @Test
    void aBadQueryIsRejectedWithLineAndColumnAndASlowOneIsCancelled() {
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(CLOCK)) {
            for (int i = 0; i < 60; i++) {
                engine.submit(new TwinCommand.Modify(ThingId.of("t:x" + i), JsonPointer.empty(),
                        JsonFactory.newObject("{\"features\":{\"f\":{\"properties\":{\"a\":1,\"b\":2,\"c\":3}}}}"), Origin.API, "c"));
            }
            engine.submit(new TwinCommand.Modify(ThingId.of("t:last"), JsonPointer.empty(), JsonObject.empty(), Origin.API, "c")).join();

            assertThatThrownBy(() -> SparqlService.parse("SELECT * WHERE {\n  ?s ?p \n}}"))
                    .isInstanceOfSatisfying(TwinGraphException.class, e -> {
                        assertThat(e.code()).isEqualTo("sparql:query.invalid");
                        assertThat(e.getMessage()).contains("line 3, column");
                    });
            SparqlService slow = new SparqlService(engine.graph(), Duration.ofMillis(50), 1_000_000_000L);
            assertThatThrownBy(() -> slow.execute(SparqlService.parse(
                    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")))
                    .isInstanceOfSatisfying(TwinGraphException.class,
                            e -> assertThat(e.code()).isEqualTo("sparql:query.timeout"));
        }
    }
}
