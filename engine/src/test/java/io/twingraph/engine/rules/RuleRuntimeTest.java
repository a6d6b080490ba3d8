package io.twingraph.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.jena.query.QuerySolution;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.TwinCommand;

/** The runtime on a real engine (TDB2 on disk): packages, decisions in the graph, commands confirmed by the twin. */
class RuleRuntimeTest {
    private static final ThingId LAMP = ThingId.of("home1:hall-light");
    private static final ThingId SENSOR = ThingId.of("home1:hall-sensor");
    private static final String HALL = "https://twingraph.io/site/home1/hall";
    private static final String LIGHT_WHEN_DARK = """
            package comfort;
            import io.twingraph.engine.rules.facts.*;
            global io.twingraph.engine.rules.Actions act;

            rule "light on when dark"
            when
              $s : Device(number("environment/illuminance") < 50, $room : room)
              $l : Device(type == "Luminaire", room == $room, !flag("light/on"))
            then
              act.command($l, "light/on", true, "it is dark in the " + $s.roomName());
            end
            """;

    @TempDir
    Path dir;
    private TwinGraphEngine engine;
    private CommandGateway gateway;
    private RuleRuntime runtime;
    private final List<DeviceCommand> sent = new CopyOnWriteArrayList<>();
    private volatile boolean deviceObeys = true;

    @BeforeEach
    void start() {
        engine = TwinGraphEngine.open(dir.resolve("data"), Clock.systemUTC(), TwinGraphEngine.Settings.DEFAULTS);
        engine.graph().importText("""
                @prefix brick: <https://brickschema.org/schema/Brick#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <%s> a brick:Room ; rdfs:label "Hall" ; brick:isPartOf <https://twingraph.io/site/home1/ground> .
                <https://twingraph.io/site/home1/ground> a brick:Floor ; rdfs:label "Ground floor" .
                """.formatted(HALL), org.apache.jena.riot.Lang.TURTLE, io.twingraph.ontology.Graphs.TOPOLOGY, false);
        engine.provision(List.of(
                ThingsModelFactory.newThing("""
                        {"thingId":"home1:hall-light","attributes":{"name":"Hall light","class":"Luminaire","location":"%s"},
                         "features":{"light":{"properties":{"on":false}}}}""".formatted(HALL)),
                ThingsModelFactory.newThing("""
                        {"thingId":"home1:hall-sensor","attributes":{"name":"Hall sensor","class":"saref:Sensor","location":"%s"},
                         "features":{"environment":{"properties":{"illuminance":300}}}}""".formatted(HALL))));
        DeviceCommandSender device = (command, target) -> {
            sent.add(command);
            if (deviceObeys) {
                engine.submit(new TwinCommand.Modify(command.thingId(), command.path(), command.value(),
                        TwinCommand.Origin.DEVICE, TwinCommand.newCorrelationId()));
            }
        };
        gateway = new CommandGateway(engine, device);
        runtime = startRuntime();
    }

    private RuleRuntime startRuntime() {
        return RuleRuntime.start(engine, gateway, new RuleRepository(dir.resolve("data/rules")),
                new RuleRuntime.Settings(10_000, Duration.ofMillis(200), 64, Duration.ofSeconds(2), 100));
    }

    @AfterEach
    void stop() {
        runtime.close();
        gateway.close();
        engine.close();
    }

    private void report(ThingId thing, String pointer, Object value) {
        engine.submit(new TwinCommand.Modify(thing, JsonPointer.of(pointer),
                value instanceof Number n ? JsonValue.of(n.intValue()) : JsonValue.of((Boolean) value),
                TwinCommand.Origin.DEVICE, TwinCommand.newCorrelationId())).join();
    }

    @Test
    void aRuleTurnsTheLightOnTheDeviceConfirmsAndTheDecisionIsInTheGraph() {
        PackageInfo info = runtime.put("comfort", LIGHT_WHEN_DARK);
        assertThat(info.version()).isEqualTo(1);
        assertThat(info.rules()).containsExactly("light on when dark");

        report(SENSOR, "/features/environment/properties/illuminance", 20);

        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.recent(10).stream()
                .anyMatch(d -> d.status() == Decision.Status.CONFIRMED));
        assertThat(sent).singleElement().satisfies(c -> {
            assertThat(c.thingId().toString()).isEqualTo(LAMP.toString());
            assertThat(c.value().toString()).isEqualTo("true");
        });
        Decision decision = runtime.recent(10).get(0);
        assertThat(decision.reason()).isEqualTo("it is dark in the Hall");
        assertThat(decision.matched()).anyMatch(m -> m.startsWith("Device home1:hall-sensor (Hall sensor, Hall)"));

        // why did the hall light turn on? -- answerable with SPARQL over the decisions graph
        List<String> why = select("""
                SELECT ?rule ?reason ?status WHERE {
                  ?d a tg:Decision ; tg:target <https://twingraph.io/thing/home1:hall-light> ;
                     tg:commandPath "/features/light/properties/on" ; tg:commandValue "true" ;
                     prov:wasAssociatedWith/rdfs:label ?rule ; tg:reason ?reason ; tg:decisionStatus ?status ;
                     prov:used <https://twingraph.io/thing/home1:hall-sensor> ; prov:startedAtTime ?t }""",
                "rule", "reason", "status");
        assertThat(why).containsExactly("light on when dark|it is dark in the Hall|confirmed");
    }

    @Test
    void aSilentDeviceLeavesTheDecisionSentButNotConfirmed() {
        deviceObeys = false;
        runtime.put("comfort", LIGHT_WHEN_DARK);
        report(SENSOR, "/features/environment/properties/illuminance", 20);

        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.recent(10).stream()
                .anyMatch(d -> d.status() == Decision.Status.NOT_CONFIRMED));
        await().atMost(Duration.ofSeconds(5)).until(() -> select(
                "SELECT ?s WHERE { ?d a tg:Decision ; tg:decisionStatus ?s }", "s").equals(List.of("not-confirmed")));
    }

    @Test
    void badDrlIsRefusedWithLinesAndTheRunningVersionStays() {
        runtime.put("comfort", LIGHT_WHEN_DARK);
        String broken = LIGHT_WHEN_DARK.replace("then", "than");

        assertThatThrownBy(() -> runtime.put("comfort", broken))
                .isInstanceOfSatisfying(RuleCompilationException.class,
                        e -> assertThat(e.errors()).allSatisfy(err -> assertThat(err.line()).isPositive()));
        assertThat(runtime.find("comfort")).get().extracting(PackageInfo::version).isEqualTo(1);
        assertThat(runtime.repository().versions("comfort")).hasSize(1);
    }

    @Test
    void aDryRunSaysWhatWouldHappenWithoutActing() {
        report(SENSOR, "/features/environment/properties/illuminance", 20);

        List<Decision> would = runtime.dryRun("comfort", LIGHT_WHEN_DARK);

        assertThat(would).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(Decision.Status.DRY_RUN);
            assertThat(d.command().thingId()).isEqualTo("home1:hall-light");
        });
        assertThat(sent).isEmpty();
        assertThat(runtime.packages()).isEmpty();
        assertThat(select("SELECT ?d WHERE { ?d a tg:Decision }", "d")).isEmpty();
    }

    @Test
    void versionsRollBackAndAPackageCanBeDeleted() {
        runtime.put("comfort", LIGHT_WHEN_DARK);
        runtime.put("comfort", LIGHT_WHEN_DARK.replace("< 50", "< 10"));
        assertThat(runtime.find("comfort")).get().extracting(PackageInfo::version).isEqualTo(2);

        assertThat(runtime.rollback("comfort", null).version()).isEqualTo(1);
        assertThat(runtime.repository().active("comfort")).contains(1);
        assertThat(runtime.repository().versions("comfort")).extracting(RuleRepository.Version::version).containsExactly(1, 2);

        runtime.delete("comfort");
        assertThat(runtime.packages()).isEmpty();
        assertThatThrownBy(() -> runtime.delete("comfort")).isInstanceOfSatisfying(TwinGraphException.class,
                e -> assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.NOT_FOUND));
        assertThat(runtime.put("comfort", LIGHT_WHEN_DARK).version()).isEqualTo(3);
    }

    @Test
    void activePackagesComeBackAfterARestartAndAReplayedFiringIsNotActedOnTwice() {
        deviceObeys = false;
        runtime.put("comfort", LIGHT_WHEN_DARK);
        report(SENSOR, "/features/environment/properties/illuminance", 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 1);
        runtime.sync();
        runtime.close();

        // a restart on the same data: the same facts match again, but the decision is already recorded
        runtime = startRuntime();
        runtime.sync();
        assertThat(runtime.packages()).extracting(PackageInfo::name, PackageInfo::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("comfort", 1));
        assertThat(runtime.stats().duplicates()).isEqualTo(1);
        assertThat(sent).hasSize(1);

        // down again, and the sensor reports while the rules are not running: another revision matches at start, but
        // the same command to the same light was recorded minutes ago, so it is not sent a second time
        runtime.close();
        report(SENSOR, "/features/environment/properties/illuminance", 15);
        runtime = startRuntime();
        runtime.sync();
        assertThat(runtime.stats().duplicates()).isEqualTo(1);
        assertThat(sent).hasSize(1);

        // once running, a new darker reading is a new decision: the light is still off, so it is asked again
        report(SENSOR, "/features/environment/properties/illuminance", 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 2);
    }

    @Test
    void goalsAreFactsForTheRules() {
        runtime.put("goals", """
                package goals;
                import io.twingraph.engine.rules.facts.*;
                global io.twingraph.engine.rules.Actions act;
                rule "goal seen"
                when $g : Goal($room : room) $r : Room(iri == $room)
                then act.alert("info", (String) null, "goal for " + $r.name() + ": " + $g.target());
                end
                """);
        runtime.putGoal(new io.twingraph.engine.rules.facts.Goal("g1", HALL, "temperature", 21, "always", "test"));
        runtime.sync();
        assertThat(runtime.recent(5)).extracting(Decision::reason).contains("goal for Hall: 21.0");
    }

    private List<String> select(String query, String... vars) {
        SparqlService sparql = new SparqlService(engine.graph(), Duration.ofSeconds(5), 1000);
        SparqlResult result = sparql.execute(SparqlService.parse(query));
        List<String> rows = new java.util.ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            StringBuilder row = new StringBuilder();
            for (String v : vars) {
                row.append(row.length() == 0 ? "" : "|").append(s.get(v).isLiteral() ? s.getLiteral(v).getLexicalForm() : s.get(v).toString());
            }
            rows.add(row.toString());
        }
        return rows;
    }

}
