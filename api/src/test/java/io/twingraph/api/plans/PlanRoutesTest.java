package io.twingraph.api.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.query.QueryExecutionFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.http.Json;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.ontology.Namespaces;
import io.twingraph.planners.solve.EnergyPlanner;

/** {@code /api/plans} over a real socket, on an in-memory engine holding a home battery and a plugged-in car. */
class PlanRoutesTest {
    private static final Instant NOW = Instant.parse("2025-06-02T10:07:00Z");
    private static TwinGraphEngine engine;
    private static PlanJobs jobs;
    private static HttpServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static String base;

    @BeforeAll
    static void start() {
        engine = TwinGraphEngine.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
        engine.provision(List.of(
                thing("home1:home-battery", "Battery", JsonObject.newBuilder().set("capacityKwh", 10).set("maxPowerW", 5000).build(),
                        "battery", JsonObject.newBuilder().set("soc", 40.0).set("power", 0).set("mode", "auto").build()),
                thing("home1:ev-charger", "Electric_Vehicle_Charging_Station",
                        JsonObject.newBuilder().set("maxPowerW", 11000).set("carCapacityKwh", 60).build(),
                        "charger", JsonObject.newBuilder().set("plugged", true).set("charging", false).set("power", 0)
                                .set("soc", 70.0).build())));
        jobs = new PlanJobs(engine, new EnergyPlanner());
        server = HttpServer.start("127.0.0.1", 0, List.of(new PlanRoutes(engine, jobs)));
        base = "http://127.0.0.1:" + server.port() + PlanRoutes.PATH;
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
        engine.close();
    }

    private static Thing thing(String id, String brickClass, JsonObject extra, String feature, JsonObject properties) {
        JsonObject attributes = JsonObject.newBuilder().set("name", id).set("class", brickClass).setAll(extra).build();
        return ThingsModelFactory.newThingBuilder().setId(ThingId.of(id))
                .setAttributes(ThingsModelFactory.newAttributes(attributes))
                .setFeatures(ThingsModelFactory.newFeatures(JsonObject.newBuilder()
                        .set(feature, JsonObject.newBuilder().set("properties", properties).build()).build()))
                .build();
    }

    static HttpResponse<String> post(String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static final String REQUEST = """
            {"horizonHours": 8, "slotMinutes": 60, "objective": "cost", "timeLimitSeconds": 3,
             "importPrice": [0.30, 0.30, 0.10, 0.10, 0.30, 0.40, 0.40, 0.30], "exportPrice": 0.05,
             "pvW": 0, "baseLoadW": 500,
             "loads": [{"id": "washer", "powerW": 2000, "durationMinutes": 60,
                        "control": {"thingId": "home1:washing-machine-plug", "path": "/features/switch/properties/on"}}]}
            """;

    @Test
    void aPlanIsAcceptedAtOnceStreamsProgressAndEndsWithTheScheduleInTheGraph() throws Exception {
        HttpResponse<String> created = post(REQUEST);
        assertThat(created.statusCode()).isEqualTo(202);
        String id = json(created).get("id").asText();
        assertThat(created.headers().firstValue("Location")).hasValue(PlanRoutes.PATH + "/" + id);

        // server-sent events until the done event
        HttpResponse<Stream<String>> events = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(events.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        String doneData = null;
        String last = null;
        for (String line : (Iterable<String>) events.body()::iterator) {
            if (line.startsWith("event:")) {
                last = line.substring(6).trim();
                names.add(last);
            } else if (line.startsWith("data:") && "done".equals(last)) {
                doneData = line.substring(5).trim();
                break;
            }
        }
        assertThat(names).contains("done");
        assertThat(Json.MAPPER.readTree(doneData).get("status").asText()).isEqualTo("feasible");

        JsonNode job = json(get("/" + id));
        JsonNode plan = job.get("plan");
        assertThat(job.get("status").asText()).isEqualTo("feasible");
        // the horizon starts at the next full hour after 10:07
        assertThat(plan.get("start").asText()).isEqualTo("2025-06-02T11:00:00Z");
        // the washer runs in a 0.10 slot, the car (70 % -> 80 % of 60 kWh = 6 kWh) charges there too
        JsonNode washer = device(plan, "washer");
        assertThat(washer.get("runs").get(0).get("fromSlot").asInt()).isBetween(2, 3);
        double carWh = 0;
        for (JsonNode w : device(plan, "home1:ev-charger").get("powerW")) {
            carWh += w.asDouble();
        }
        assertThat(carWh).isEqualTo(6000.0);
        assertThat(plan.get("planned").get("cost").asDouble()).isLessThan(plan.get("baseline").get("cost").asDouble());
        assertThat(plan.get("explanation").findValuesAsText("constraint")).contains("import cost");

        // SPARQL sees the plan and its slots for the washer's plug
        long slots = engine.graph().read(ds -> {
            try (var qe = QueryExecutionFactory.create(Namespaces.sparqlPrologue()
                    + "SELECT (COUNT(?s) AS ?n) WHERE { ?p a tg:Plan ; tg:cost ?c . ?s tg:inPlan ?p ; "
                    + "tg:forDevice <https://twingraph.io/thing/home1:washing-machine-plug> ; tg:command \"on\" }", ds)) {
                return qe.execSelect().next().getLiteral("n").getLong();
            }
        });
        assertThat(slots).isEqualTo(1);
    }

    @Test
    void anInfeasibleRequestIsA400NamingTheConstraint() throws Exception {
        HttpResponse<String> r = post(REQUEST.replace("\"durationMinutes\": 60", "\"durationMinutes\": 600"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("plans:problem.infeasible");
        assertThat(json(r).get("message").asText()).contains("run ends by deadline").contains("washer");
    }

    @Test
    void aRequestWithoutTariffIsA400() throws Exception {
        HttpResponse<String> r = post("{\"horizonHours\": 4, \"slotMinutes\": 60}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("plans:tariff.missing");
    }

    @Test
    void malformedJsonAndUnknownObjectivesAre400s() throws Exception {
        assertThat(post("{not json").statusCode()).isEqualTo(400);
        HttpResponse<String> r = post("{\"horizonHours\": 4, \"importPrice\": 0.2, \"objective\": \"fastest\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("plans:objective.unknown");
    }

    @Test
    void anUnknownPlanIsA404ForTheJobAndItsEvents() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(json(get("/nope")).get("error").asText()).isEqualTo("plans:plan.notfound");
        assertThat(get("/nope/events").statusCode()).isEqualTo(404);
    }

    private static JsonNode device(JsonNode plan, String id) {
        for (JsonNode d : plan.get("devices")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no device " + id + " in " + plan);
    }
}
