package io.twingraph.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;
import io.twingraph.ontology.Namespaces;

/**
 * Natural language end to end, over real sockets, with the simulated home: a sentence posted to {@code /api/nl}
 * becomes an MQTT command the simulated device obeys, its twin changes and the reply says it was confirmed; a
 * question is answered by a SPARQL query that anyone can run again on {@code /sparql}; a follow-up borrows the last
 * turn's device; a goal reaches the rules.
 *
 * <p>The app runs on a clock set to a midsummer noon: in daylight the simulated household and the comfort rules do
 * not switch lights on by themselves, so the kitchen light changes only when the test says so.
 */
class NaturalLanguageEndToEndIT {
    private static final String KITCHEN_LIGHT = "home1:kitchen-light";
    private static final String FRONT_DOOR_LOCK = "home1:front-door-lock";
    private static final String KITCHEN_LIGHT_IRI = Namespaces.THING + KITCHEN_LIGHT;

    @TempDir
    static Path dir;

    private static TwinGraphApp app;
    private static MqttClient watcher;
    /** "topic payload" of every device command TwinGraph published. */
    private static final List<String> COMMANDS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Instant noon = Instant.parse("2025-06-21T11:00:00Z");
        Clock daylight = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), noon));
        AppConfig config = EndToEndContract.config(dir.resolve("data"))
                .withSimulation(new AppConfig.Simulation(1, 0, 1.0, 7));
        app = Authorized.register(TwinGraphApp.start(config, daylight));
        watcher = new MqttClient(app.mqttUri(), "nl-watcher-" + System.nanoTime(), new MemoryPersistence());
        watcher.connect(new MqttConnectionOptions());
        // Paho 1.2.5's subscribe(String, int, listener) recurses forever: the array form works
        watcher.subscribe(new MqttSubscription[] {new MqttSubscription("twingraph/+/command", 1)},
                new IMqttMessageListener[] {(topic, message) ->
                        COMMANDS.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8))});
    }

    @AfterAll
    static void stop() throws Exception {
        if (watcher != null && watcher.isConnected()) {
            watcher.disconnect();
            watcher.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void kitchenLightIsOff() throws Exception {
        // through the things API's live channel, as a person's app would: the device is told, and reports back
        HttpResponse<String> off = EndToEndContract.put(app.httpUrl() + "/api/2/things/" + KITCHEN_LIGHT
                + "/features/light/properties/on?channel=live", "false");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "false".equals(twinValue(KITCHEN_LIGHT, "/features/light/properties/on")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !COMMANDS.isEmpty());
        COMMANDS.clear();
    }

    @Test
    void aCommandIsObeyedAQuestionIsAnsweredBySparqlAndAFollowUpTurnsItOff() throws Exception {
        // (a) the command: MQTT out, the simulated device obeys, the twin shows it, the reply says confirmed
        JsonNode on = say("turn on the kitchen light", null);
        assertThat(on.path("status").asText()).as(on.toString()).isEqualTo("DONE");
        assertThat(on.path("answer").asText()).contains("confirmed").contains("Kitchen light");
        assertThat(on.path("interpretation").path("intent").asText()).isEqualTo("TURN_ON");
        assertThat(on.path("interpretation").path("things")).extracting(JsonNode::asText).containsExactly(KITCHEN_LIGHT);
        assertThat(on.path("actions")).hasSize(1);
        JsonNode action = on.path("actions").get(0);
        assertThat(action.path("thing").asText()).isEqualTo(KITCHEN_LIGHT);
        assertThat(action.path("property").asText()).isEqualTo("light/on");
        assertThat(action.path("value").asBoolean()).isTrue();
        assertThat(action.path("outcome").asText()).isEqualTo("confirmed");

        List<String> sent = awaitCommandsTo(KITCHEN_LIGHT, 1);
        JsonNode payload = Json.MAPPER.readTree(sent.get(0));
        assertThat(payload.at("/light/on").isBoolean()).as(sent.get(0)).isTrue();
        assertThat(payload.at("/light/on").asBoolean()).isTrue();
        assertThat(deviceState(KITCHEN_LIGHT).getValue("light/on").orElseThrow().asBoolean())
                .as("the simulated device switched on").isTrue();
        assertThat(twinValue(KITCHEN_LIGHT, "/features/light/properties/on")).isEqualTo("true");
        String conversation = on.path("conversation").asText();
        assertThat(conversation).isNotBlank();

        // (b) the question, in the same conversation: answered by SPARQL that is in the reply
        JsonNode asked = say("is the kitchen light on?", conversation);
        assertThat(asked.path("status").asText()).as(asked.toString()).isEqualTo("ANSWERED");
        assertThat(asked.path("conversation").asText()).isEqualTo(conversation);
        assertThat(asked.path("answer").asText()).startsWith("Yes");
        assertThat(asked.path("actions")).isEmpty();
        String sparql = asked.path("sparql").asText();
        assertThat(sparql).startsWith("SELECT").contains("<" + KITCHEN_LIGHT_IRI + ">");
        assertThat(asked.path("rows")).hasSize(1);
        JsonNode row = asked.path("rows").get(0);
        assertThat(row.path("thing").asText()).isEqualTo(KITCHEN_LIGHT_IRI);
        assertThat(row.path("value").isBoolean()).as(row.toString()).isTrue();
        assertThat(row.path("value").asBoolean()).isTrue();
        assertThat(row.path("state").asText()).isEqualTo("on");
        assertThat(commandsTo(KITCHEN_LIGHT)).as("a question sends nothing").hasSize(1);

        // the reply's query uses rdfs:, brick:, tg:, sosa:, xsd: without PREFIX lines; /sparql predeclares the same
        // prefixes (Namespaces.PREFIXES) the server parsed it with, so it runs there as it is
        JsonNode asIs = sparqlBindings(sparql);
        assertThat(asIs).hasSize(1);
        assertThat(asIs.get(0).path("thing").path("value").asText()).isEqualTo(KITCHEN_LIGHT_IRI);
        assertThat(asIs.get(0).path("value").path("value").asText()).isEqualTo("true");
        assertThat(asIs.get(0).path("value").path("datatype").asText()).endsWith("#boolean");
        assertThat(asIs.get(0).path("state").path("value").asText()).isEqualTo("on");
        // and with the prefixes written out, as a SPARQL client that predeclares nothing needs it, the same answer
        JsonNode withPrologue = sparqlBindings(Namespaces.sparqlPrologue() + sparql);
        assertThat(withPrologue).isEqualTo(asIs);

        // (c) a follow-up: "it" is the kitchen light of the last turn
        JsonNode off = say("turn it off", conversation);
        assertThat(off.path("status").asText()).as(off.toString()).isEqualTo("DONE");
        assertThat(off.path("interpretation").path("intent").asText()).isEqualTo("TURN_OFF");
        assertThat(off.path("interpretation").path("things")).extracting(JsonNode::asText).containsExactly(KITCHEN_LIGHT);
        assertThat(off.path("actions").get(0).path("outcome").asText()).isEqualTo("confirmed");
        List<String> both = awaitCommandsTo(KITCHEN_LIGHT, 2);
        assertThat(Json.MAPPER.readTree(both.get(1)).at("/light/on").asBoolean(true)).isFalse();
        assertThat(twinValue(KITCHEN_LIGHT, "/features/light/properties/on")).isEqualTo("false");
        assertThat(deviceState(KITCHEN_LIGHT).getValue("light/on").orElseThrow().asBoolean()).isFalse();
    }

    @Test
    void aGoalSaidInWordsIsSetAndListedByTheGoalsRoute() throws Exception {
        JsonNode reply = say("keep the office at 21 while I'm there", null);

        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("GOAL_SET");
        assertThat(reply.path("interpretation").path("intent").asText()).isEqualTo("SET_GOAL");
        JsonNode goal = reply.path("goal");
        assertThat(goal.path("quantity").asText()).isEqualTo("temperature");
        assertThat(goal.path("target").asDouble()).isEqualTo(21.0);
        assertThat(goal.path("when").asText()).isEqualTo("occupied");
        String id = goal.path("id").asText();
        String room = goal.path("room").asText();
        assertThat(id).isNotBlank();

        HttpResponse<String> listed = get("/api/goals");
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode goals = Json.MAPPER.readTree(listed.body()).path("goals");
        JsonNode set = null;
        for (JsonNode g : goals) {
            if (g.path("id").asText().equals(id)) {
                set = g;
            }
        }
        assertThat(set).as("goal " + id + " in " + goals).isNotNull();
        assertThat(set.path("room").asText()).isEqualTo(room);
        assertThat(set.path("quantity").asText()).isEqualTo("temperature");
        assertThat(set.path("target").asDouble()).isEqualTo(21.0);
        assertThat(set.path("when").asText()).isEqualTo("occupied");
        assertThat(set.path("source").asText()).contains(reply.path("conversation").asText());
        // the room is the office of the simulated home
        JsonNode label = sparqlBindings("SELECT ?label WHERE { <" + room + "> rdfs:label ?label }");
        assertThat(label.findValuesAsText("value")).containsExactly("Office");
    }

    @Test
    void lockTheFrontDoorCommandsTheLockNotTheDoorContact() throws Exception {
        JsonNode reply = say("lock the front door", null);

        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("DONE");
        assertThat(reply.path("interpretation").path("intent").asText()).isEqualTo("LOCK");
        assertThat(reply.path("interpretation").path("things")).extracting(JsonNode::asText).containsExactly(FRONT_DOOR_LOCK);
        assertThat(reply.path("actions")).hasSize(1);
        JsonNode action = reply.path("actions").get(0);
        assertThat(action.path("thing").asText()).isEqualTo(FRONT_DOOR_LOCK);
        assertThat(action.path("property").asText()).isEqualTo("lock/locked");
        assertThat(action.path("value").asBoolean()).isTrue();
        assertThat(action.path("outcome").asText()).isEqualTo("confirmed");

        List<String> toLock = awaitCommandsTo(FRONT_DOOR_LOCK, 1);
        assertThat(Json.MAPPER.readTree(toLock.get(0)).at("/lock/locked").asBoolean()).isTrue();
        assertThat(commandsTo("home1:front-door-contact")).isEmpty();
        assertThat(twinValue(FRONT_DOOR_LOCK, "/features/lock/properties/locked")).isEqualTo("true");
        assertThat(deviceState(FRONT_DOOR_LOCK).getValue("lock/locked").orElseThrow().asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private static JsonNode say(String text, String conversation) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("text", text);
        if (conversation != null) {
            body.put("conversation", conversation);
        }
        HttpResponse<String> r = EndToEndContract.HTTP.send(Authorized.request(app.httpUrl() + "/api/nl")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /** The payloads published to a thing's plain command topic so far. */
    private static List<String> commandsTo(String thing) {
        String prefix = "twingraph/" + thing + "/command ";
        return COMMANDS.stream().filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length())).toList();
    }

    /** Exactly {@code n} payloads published to a thing's command topic, once the watcher has had them delivered. */
    private static List<String> awaitCommandsTo(String thing, int n) {
        // the broker delivers to the watcher independently of the device, which may have answered first
        await().atMost(Duration.ofSeconds(5)).until(() -> commandsTo(thing).size() >= n);
        List<String> sent = commandsTo(thing);
        assertThat(sent).as("commands to " + thing).hasSize(n);
        return sent;
    }

    private static JsonObject deviceState(String thing) {
        return app.simulation().orElseThrow().homes().state(thing).orElseThrow();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return EndToEndContract.HTTP.send(Authorized.request(app.httpUrl() + path).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String twinValue(String thing, String pointer) throws Exception {
        return Json.MAPPER.readTree(get("/api/2/things/" + thing).body()).at(pointer).asText();
    }

    /** POST /sparql (form-encoded, as the protocol allows), SPARQL JSON results. */
    private static JsonNode sparqlBindings(String query) throws Exception {
        HttpResponse<String> r = EndToEndContract.HTTP.send(Authorized.request(app.httpUrl() + "/sparql")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/sparql-results+json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).path("results").path("bindings");
    }
}
