package io.twingraph.api.eval.intents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.jena.query.QuerySolution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import picocli.CommandLine;

/** The test homes in a real in-process TwinGraph, checked by SPARQL; then the whole command on the test directory. */
class IntentsEvalIT {
    private static IntentsRunner runner;
    private static HaSuite suite;

    @BeforeAll
    static void start() throws IOException {
        suite = HaSuite.read(TestHome.directory());
        runner = IntentsRunner.start(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void eachHomeLoadsWithItsRoomsAndEveryTwinInItsRoomAndTheNextReplacesIt() {
        HaTwins main = runner.load(suite.groups().get(0).home());

        assertThat(labels("SELECT ?x ?label WHERE { ?x a brick:Room ; rdfs:label ?label }"))
                .containsOnly("Study", "Pantry", "Porch");
        assertThat(labels("SELECT ?x ?label WHERE { ?x a brick:Floor ; rdfs:label ?label }"))
                .containsOnly("Loft", "Cellar");
        assertThat(labels("SELECT ?x ?label WHERE { ?x a brick:Room ; skos:altLabel ?label }")).containsOnly("den");
        Map<String, String> rooms = thingRooms();
        assertThat(rooms).hasSize(16)
                .containsEntry("ha1:light.desk_lamp", "Study")
                .containsEntry("ha1:cover.study_blind", "Study")
                .containsEntry("ha1:lock.cellar_hatch", "Pantry")
                .containsEntry("ha1:binary_sensor.porch_door", "Porch")
                .containsEntry("ha1:switch.kettle", "")
                .containsEntry("ha1:scene.movie_night", "");
        // the twins' kinds and states as the language layer reads them
        assertThat(labels("""
                SELECT ?x ?label WHERE { ?x a brick:Luminaire ; saref:hasState saref:OnState ; rdfs:label ?label }"""))
                .containsOnly("Desk Lamp");
        assertThat(IntentsRunner.problems(runner.sparql(), main)).isEmpty();

        HaTwins folder = runner.load(suite.groups().get(1).home());

        assertThat(labels("SELECT ?x ?label WHERE { ?x a brick:Room ; rdfs:label ?label }")).containsOnly("Workshop");
        assertThat(thingRooms()).containsOnly(Map.entry("ha2:light.bench_light", "Workshop"),
                Map.entry("ha2:switch.dust_extractor", ""));
        assertThat(IntentsRunner.problems(runner.sparql(), folder)).isEmpty();
        assertThat(IntentsRunner.problems(runner.sparql(), main)).anyMatch(p -> p.contains("is not in the graph"));
    }

    @Test
    void theCommandRunsTheTestDirectory() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new IntentsEval());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute(TestHome.directory().toString(), "--failures", "3");

        assertThat(out.toString()).contains("2 test files, 2 homes, 8 sentences")
                .contains("home _fixtures.yaml:").contains("3 areas, 16 twins")
                .contains("home HassTurnOff/name_only.yaml:");
        if (runner.hasNlApi()) {
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("== Per expected intent").contains("HassStartTimer")
                    .contains("unsupported: 1 of 8 sentences (12.5%)");
        } else {
            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("no natural-language API (POST /api/nl answered 404)");
        }
    }

    private static Set<String> labels(String query) {
        Set<String> labels = new HashSet<>();
        SparqlResult result = runner.sparql().execute(SparqlService.parse(query));
        while (result.rows().hasNext()) {
            labels.add(result.rows().next().getLiteral("label").getLexicalForm());
        }
        return labels;
    }

    /** Thing id to the label of the room it is located in ("" when it has none). */
    private static Map<String, String> thingRooms() {
        Map<String, String> rooms = new HashMap<>();
        SparqlResult result = runner.sparql().execute(SparqlService.parse("""
                SELECT ?id ?room WHERE { ?t tg:thingId ?id .
                  OPTIONAL { ?t brick:hasLocation ?r . ?r a brick:Room ; rdfs:label ?room } }"""));
        while (result.rows().hasNext()) {
            QuerySolution row = result.rows().next();
            rooms.put(row.getLiteral("id").getLexicalForm(),
                    row.contains("room") ? row.getLiteral("room").getLexicalForm() : "");
        }
        return rooms;
    }
}
