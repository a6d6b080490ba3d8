package io.twingraph.api.plans;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
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
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.TwinCommand;

/**
 * Carrying plans out over HTTP, on a real socket: an in-memory engine on the system clock, a real command gateway,
 * and devices that do what they are told (each command comes back as the device's report).
 */
class PlanExecutionRoutesTest {
    private static final ThingId WASHER = ThingId.of("home1:washing-machine-plug");
    private static final ThingId BATTERY = ThingId.of("home1:home-battery");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<DeviceCommand> RECEIVED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static TwinGraphEngine engine;
    private static CommandGateway gateway;
    private static PlanJobs jobs;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() {
        engine = TwinGraphEngine.inMemory(Clock.systemUTC());
        engine.provision(List.of(
                thing(WASHER, "switch", JsonObject.newBuilder().set("on", true).build()),
                thing(BATTERY, "battery", JsonObject.newBuilder().set("mode", "auto").set("soc", 50.0).build())));
        gateway = new CommandGateway(engine, (command, target) -> {
            RECEIVED.add(command);
            engine.submit(new TwinCommand.Modify(command.thingId(), command.path(), command.value(),
                    TwinCommand.Origin.DEVICE, command.correlationId()));
        });
        jobs = new PlanJobs(engine, new EnergyPlanner(), gateway);
        server = HttpServer.start("127.0.0.1", 0, List.of(new PlanRoutes(engine, jobs)));
        base = "http://127.0.0.1:" + server.port() + PlanRoutes.PATH;
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
        gateway.close();
        engine.close();
    }

    /** A problem of four one-hour slots from the start of the current hour: its slot 0 is now. */
    private static String problem(double cheapPrice) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS);
        return """
                {"timeLimitSeconds": 2, "problem": {
                  "start": "%s", "slotMinutes": 60, "slots": 4,
                  "importPrice": [0.30, %s, 0.30, 0.40], "exportPrice": 0.05, "baseLoadW": 400, "pvW": 0,
                  "loads": [{"id": "washer", "powerW": 2000, "durationMinutes": 60,
                             "control": {"thingId": "home1:washing-machine-plug", "path": "/features/switch/properties/on"}}],
                  "battery": {"id": "battery", "capacityKwh": 10, "maxChargeW": 5000, "socPercent": 50, "reservePercent": 10,
                              "powerSteps": 5,
                              "control": {"thingId": "home1:home-battery", "path": "/features/battery/properties/mode"}}}}
                """.formatted(start, cheapPrice);
    }

    @Test
    void aPlanIsExecutedReplannedAfterAPriceUpdateReplacedAndStopped() throws Exception {
        String first = solved(problem(0.10));

        HttpResponse<String> accepted = send("POST", "/" + first + "/execute", null);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(json(accepted).at("/execution/state").asText()).isEqualTo("running");

        // the current slot is carried out at once; the devices confirm every command
        JsonNode job = await(first, j -> j.at("/execution/slots").size() > 0
                && j.at("/execution/slots/0/commands").findValuesAsText("status").stream().noneMatch("sent"::equals));
        JsonNode slot = job.at("/execution/slots/0");
        assertThat(slot.get("slot").asInt()).isBetween(0, 1); // 1 only when the hour turned since the plan was made
        assertThat(slot.get("commands").findValuesAsText("device")).containsExactlyInAnyOrder("washer", "battery");
        assertThat(slot.get("commands").findValuesAsText("status")).containsOnly("confirmed");
        String batteryState = command(slot, "battery").get("state").asText();
        assertThat(engine.twins().get(BATTERY).orElseThrow().toJson()
                .getValue(JsonPointer.of("/features/battery/properties/mode"))).contains(JsonValue.of(batteryState));
        assertThat(RECEIVED).extracting(DeviceCommand::thingId).contains(WASHER, BATTERY);

        // a price update: slot 3 becomes the cheapest; the plan is replanned warm from the current slot
        Instant start = Instant.parse(job.at("/plan/start").asText());
        String update = """
                {"slots": [{"start": "%s", "end": "%s", "importPrice": 0.01}]}
                """.formatted(start.plus(Duration.ofHours(3)), start.plus(Duration.ofHours(4)));
        HttpResponse<String> priced = send("PUT", "/" + first + "/tariff", update);
        assertThat(priced.statusCode()).isEqualTo(202);
        job = await(first, j -> j.at("/execution/replanCount").asInt() == 1);
        JsonNode replan = job.at("/execution/replans/0");
        assertThat(replan.get("status").asText()).isEqualTo("applied");
        assertThat(replan.get("reasons").get(0).asText()).contains("price update");
        assertThat(replan.get("carriedDecisions").asInt()).isPositive();
        assertThat(replan.get("costAfter").asDouble()).isLessThanOrEqualTo(replan.get("costBefore").asDouble());
        assertThat(job.at("/execution/state").asText()).isEqualTo("running");
        // the plan as first solved stays; the plan carried out now has the new price
        assertThat(job.at("/plan/devices")).isNotEmpty();
        assertThat(job.at("/execution/plan/start").asText())
                .isEqualTo(start.plus(Duration.ofHours(replan.get("fromSlot").asInt())).toString());

        // executing another plan replaces it
        String second = solved(problem(0.20));
        assertThat(send("POST", "/" + second + "/execute", null).statusCode()).isEqualTo(202);
        assertThat(json(send("GET", "/" + first, null)).at("/execution/state").asText()).isEqualTo("replaced");
        HttpResponse<String> notRunning = send("DELETE", "/" + first + "/execute", null);
        assertThat(notRunning.statusCode()).isEqualTo(409);
        assertThat(json(notRunning).get("error").asText()).isEqualTo("plans:execution.notrunning");
        assertThat(send("PUT", "/" + first + "/tariff", update).statusCode()).isEqualTo(409);

        HttpResponse<String> stopped = send("DELETE", "/" + second + "/execute", null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(json(stopped).at("/execution/state").asText()).isEqualTo("stopped");
        assertThat(json(send("GET", "/" + second, null)).at("/execution/endReason").asText()).isEqualTo("stopped on request");
    }

    @Test
    void badExecutionRequestsAreAnsweredInTheOneErrorShape() throws Exception {
        HttpResponse<String> unknown = send("POST", "/nope/execute", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("plans:plan.notfound");

        // still solving: nothing to carry out yet
        HttpResponse<String> created = send("POST", "", problem(0.10).replace("\"timeLimitSeconds\": 2", "\"timeLimitSeconds\": 4"));
        String id = json(created).get("id").asText();
        HttpResponse<String> early = send("POST", "/" + id + "/execute", null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(json(early).get("error").asText()).isEqualTo("plans:plan.notready");

        await(id, j -> !j.get("status").asText().equals("solving"));
        assertThat(send("POST", "/" + id + "/execute", null).statusCode()).isEqualTo(202);
        for (String body : List.of("{\"slots\": []}", "{\"slots\": [{\"start\": \"2030-01-01T01:00:00Z\", \"end\": \"2030-01-01T00:00:00Z\", \"importPrice\": 0.1}]}",
                "{\"slots\": [{\"start\": \"2020-01-01T00:00:00Z\", \"end\": \"2020-01-01T01:00:00Z\", \"importPrice\": 0.1}]}",
                "{\"slots\": [{\"start\": \"2030-01-01T00:00:00Z\", \"end\": \"2030-01-01T01:00:00Z\"}]}")) {
            HttpResponse<String> bad = send("PUT", "/" + id + "/tariff", body);
            assertThat(bad.statusCode()).as(body).isEqualTo(400);
            assertThat(json(bad).get("error").asText()).as(body).isEqualTo("plans:tariff.invalid");
            assertThat(json(bad).get("message").asText()).as(body).isNotBlank();
        }
        HttpResponse<String> notJson = send("PUT", "/" + id + "/tariff", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).isEqualTo("plans:request.invalid");
        assertThat(send("DELETE", "/" + id + "/execute", null).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------------- helpers

    private static String solved(String request) throws Exception {
        HttpResponse<String> created = send("POST", "", request);
        assertThat(created.statusCode()).isEqualTo(202);
        String id = json(created).get("id").asText();
        JsonNode job = await(id, j -> !j.get("status").asText().equals("solving"));
        assertThat(job.get("status").asText()).isEqualTo("feasible");
        return id;
    }

    /** Polls the job until the condition holds (at most 30 s: a test failure, not a measurement). */
    private static JsonNode await(String id, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = json(send("GET", "/" + id, null));
            if (condition.test(job)) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met within 30 s; last: " + job);
    }

    private static JsonNode command(JsonNode slot, String device) {
        List<JsonNode> found = new ArrayList<>();
        slot.get("commands").forEach(c -> {
            if (c.get("device").asText().equals(device)) {
                found.add(c);
            }
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static Thing thing(ThingId id, String feature, JsonObject properties) {
        return ThingsModelFactory.newThingBuilder().setId(id)
                .setAttributes(ThingsModelFactory.newAttributes(JsonObject.newBuilder().set("name", id.toString()).build()))
                .setFeatures(ThingsModelFactory.newFeatures(JsonObject.newBuilder()
                        .set(feature, JsonObject.newBuilder().set("properties", properties).build()).build()))
                .build();
    }
}
