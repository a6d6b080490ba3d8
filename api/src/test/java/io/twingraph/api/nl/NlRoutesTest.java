package io.twingraph.api.nl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.jena.riot.Lang;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.http.Json;
import io.twingraph.api.things.ThingRoutes;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.nl.NaturalLanguage;
import io.twingraph.nl.answer.QuestionAnswerer;
import io.twingraph.nl.home.HomeSource;
import io.twingraph.ontology.Graphs;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.simulation.HomeSimulation;
import io.twingraph.twins.simulation.SimulationConfig;

/**
 * {@code POST /api/nl} over a real socket, against an in-memory engine holding the simulated home's twins and rooms
 * (the simulation itself does not run). Devices are a recording sender that obeys, so the test sees every command.
 */
class NlRoutesTest {
    private static final String KITCHEN_LIGHT = "home1:kitchen-light";
    private static final List<DeviceCommand> SENT = new CopyOnWriteArrayList<>();

    private static TwinGraphEngine engine;
    private static CommandGateway gateway;
    private static HttpServer server;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() {
        engine = TwinGraphEngine.inMemory(Clock.systemUTC());
        try (HomeSimulation home = new HomeSimulation(SimulationConfig.defaults().withHomes(1).withSeed(7), Clock.systemUTC())) {
            engine.provision(home.things());
            engine.graph().importText(home.topologyTurtle(), Lang.TURTLE, Graphs.SIMULATED_TOPOLOGY, true);
        }
        DeviceCommandSender devices = (command, target) -> {
            SENT.add(command);
            engine.submit(new TwinCommand.Modify(command.thingId(), command.path(), command.value(),
                    TwinCommand.Origin.DEVICE, command.correlationId()));
        };
        gateway = new CommandGateway(engine, devices);
        SparqlService sparql = new SparqlService(engine.graph(), Duration.ofSeconds(10), 10_000);
        NaturalLanguage language = new NaturalLanguage(new HomeSource(engine, sparql),
                new QuestionAnswerer(q -> sparql.execute(SparqlService.parse(q))), gateway, null, null,
                NaturalLanguage.Settings.DEFAULTS);
        server = HttpServer.start("127.0.0.1", 0, List.of(new ThingRoutes(engine, devices), new NlRoutes(language)));
        client = HttpClient.newHttpClient();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
        engine.close();
    }

    @BeforeEach
    void kitchenLightIsOffAndNothingWasSent() throws Exception {
        engine.submit(new TwinCommand.Modify(ThingId.of(KITCHEN_LIGHT), JsonPointer.of("/features/light/properties/on"),
                JsonValue.of(false), TwinCommand.Origin.DEVICE, "test-setup")).get();
        assertThat(kitchenLightOn()).isFalse();
        SENT.clear();
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private record Response(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private static Response post(String path, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    private static Response json(String body) {
        return post("/api/nl", "application/json", body);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one error shape: status, code, a message, and the description key (the hint). */
    private static JsonNode assertError(Response r, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode error = r.json();
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("error").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("description")).as("has a hint: " + r.body()).isTrue();
        return error;
    }

    private static JsonNode kitchenLight() {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/2/things/" + KITCHEN_LIGHT)).GET().build()).json();
    }

    private static String kitchenLightEtag() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(base + "/api/2/things/" + KITCHEN_LIGHT)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag").orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean kitchenLightOn() {
        JsonNode on = kitchenLight().at("/features/light/properties/on");
        assertThat(on.isBoolean()).as("the twin has light/on").isTrue();
        return on.asBoolean();
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    // ------------------------------------------------------------------------------------------- refused

    @Test
    void emptyTextIsRefusedAsMissing() {
        JsonNode error = assertError(json("{\"text\":\"\"}"), "nl:text.missing");
        assertThat(error.path("message").asText()).isEqualTo("No text given.");
        assertThat(error.path("description").asText()).contains("turn on the kitchen light");
    }

    @Test
    void absentOrNullTextIsRefusedAsMissing() {
        assertError(json("{}"), "nl:text.missing");
        assertError(json("{\"text\":null}"), "nl:text.missing");
        assertError(json("null"), "nl:text.missing");
        assertError(json("{\"conversation\":\"c1\",\"dryRun\":true}"), "nl:text.missing");
    }

    @Test
    void whitespaceOnlyTextIsRefusedAsMissing() {
        assertError(json("{\"text\":\"   \\t\\n  \"}"), "nl:text.missing");
        assertError(post("/api/nl", "text/plain", "  \n\t "), "nl:text.missing");
        assertError(post("/api/nl", "text/plain", ""), "nl:text.missing");
        assertThat(SENT).isEmpty();
    }

    @Test
    void textOverOneThousandCharactersIsRefusedAsTooLongAndExactlyOneThousandIsTaken() {
        JsonNode error = assertError(json("{\"text\":\"" + repeat('a', 1001) + "\",\"dryRun\":true}"), "nl:text.too-long");
        assertThat(error.path("message").asText()).contains("1001").contains("1000");

        assertError(post("/api/nl?dryRun=true", "text/plain", repeat('b', 1001)), "nl:text.too-long");
        // a body far over the limit is refused before it is parsed as JSON
        assertError(json("{\"text\":\"" + repeat('c', 5000) + "\"}"), "nl:text.too-long");

        Response atTheLimit = json("{\"text\":\"" + repeat('d', 1000) + "\",\"dryRun\":true}");
        assertThat(atTheLimit.status()).as(atTheLimit.body()).isEqualTo(200);
        assertThat(atTheLimit.json().path("status").asText()).isEqualTo("NOT_UNDERSTOOD");
        assertThat(SENT).isEmpty();
    }

    @Test
    void textThatIsNotAStringIsRefusedNotCoerced() {
        JsonNode number = assertError(json("{\"text\":42}"), "nl:text.type");
        assertThat(number.path("message").asText()).isEqualTo("'text' must be a string, not a number.");
        JsonNode object = assertError(json("{\"text\":{\"say\":\"turn on the kitchen light\"}}"), "nl:text.type");
        assertThat(object.path("message").asText()).isEqualTo("'text' must be a string, not an object.");
        assertThat(assertError(json("{\"text\":[\"turn on the kitchen light\"]}"), "nl:text.type").path("message").asText())
                .contains("an array");
        assertThat(assertError(json("{\"text\":true}"), "nl:text.type").path("message").asText()).contains("a boolean");
        assertThat(SENT).isEmpty();
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBroke() {
        JsonNode error = assertError(json("{\"text\": \"turn on the kitchen light\""), "http:body.invalid");
        assertThat(error.path("message").asText()).contains("line 1");
        assertError(json("turn on the kitchen light"), "http:body.invalid");
        assertThat(SENT).isEmpty();
        assertThat(kitchenLightOn()).isFalse();
    }

    @Test
    void anUnknownSpeakerAreaIsRefusedNamingTheAreaAndListingTheKnownOnes() {
        JsonNode error = assertError(json("{\"text\":\"turn on the light\",\"area\":\"Ballroom\"}"), "nl:area.unknown");
        assertThat(error.path("message").asText()).contains("Ballroom");
        assertThat(error.path("description").asText()).contains("Kitchen").contains("Office");

        JsonNode plain = assertError(post("/api/nl?area=Attic", "text/plain", "turn on the light"), "nl:area.unknown");
        assertThat(plain.path("message").asText()).contains("Attic");
        assertThat(SENT).isEmpty();
        assertThat(kitchenLightOn()).isFalse();
    }

    // ------------------------------------------------------------------------------------------ accepted

    @Test
    void aPlainTextDryRunIsPlannedAndSendsNothing() {
        String etagBefore = kitchenLightEtag();
        long before = engine.twins().get(ThingId.of(KITCHEN_LIGHT)).orElseThrow().getRevision().orElseThrow().toLong();

        Response r = post("/api/nl?dryRun=true", "text/plain; charset=utf-8", "turn on the kitchen light");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode reply = r.json();
        assertThat(reply.path("status").asText()).isEqualTo("PLANNED");
        assertThat(reply.path("answer").asText()).startsWith("I would turn on").contains("Kitchen light");
        assertThat(reply.path("interpretation").path("intent").asText()).isEqualTo("TURN_ON");
        assertThat(reply.path("interpretation").path("things")).extracting(JsonNode::asText).containsExactly(KITCHEN_LIGHT);
        assertThat(reply.path("actions")).hasSize(1);
        JsonNode action = reply.path("actions").get(0);
        assertThat(action.path("thing").asText()).isEqualTo(KITCHEN_LIGHT);
        assertThat(action.path("property").asText()).isEqualTo("light/on");
        assertThat(action.path("value").asBoolean()).isTrue();
        assertThat(action.path("outcome").asText()).isEqualTo("planned");
        assertThat(reply.path("conversation").asText()).isNotBlank();

        assertThat(SENT).as("a dry run sends no command").isEmpty();
        assertThat(kitchenLightOn()).as("the twin is unchanged").isFalse();
        long after = engine.twins().get(ThingId.of(KITCHEN_LIGHT)).orElseThrow().getRevision().orElseThrow().toLong();
        assertThat(after).isEqualTo(before);
        assertThat(kitchenLightEtag()).isEqualTo(etagBefore);
    }

    @Test
    void aJsonDryRunIsPlannedTooAndTheSpeakersAreaPicksTheLight() {
        Response r = json("{\"text\":\"turn on the light\",\"area\":\"Kitchen\",\"dryRun\":true,\"conversation\":\"dry-1\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode reply = r.json();
        assertThat(reply.path("status").asText()).isEqualTo("PLANNED");
        assertThat(reply.path("conversation").asText()).isEqualTo("dry-1");
        assertThat(reply.path("interpretation").path("things")).extracting(JsonNode::asText).containsExactly(KITCHEN_LIGHT);
        assertThat(reply.path("actions").findValuesAsText("outcome")).containsOnly("planned");
        assertThat(SENT).isEmpty();
        assertThat(kitchenLightOn()).isFalse();
    }

    @Test
    void withoutDryRunTheCommandIsSentAndConfirmed() {
        Response r = post("/api/nl", "text/plain", "turn on the kitchen light");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode reply = r.json();
        assertThat(reply.path("status").asText()).isEqualTo("DONE");
        assertThat(reply.path("actions").get(0).path("outcome").asText()).isEqualTo("confirmed");
        assertThat(SENT).hasSize(1);
        assertThat(SENT.get(0).thingId().toString()).isEqualTo(KITCHEN_LIGHT);
        assertThat(SENT.get(0).path().toString()).isEqualTo("/features/light/properties/on");
        assertThat(SENT.get(0).value()).isEqualTo(JsonValue.of(true));
        assertThat(kitchenLightOn()).isTrue();
    }
}
