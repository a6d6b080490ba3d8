package io.twingraph.nl.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.NodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.twingraph.engine.query.QueryGuard;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.llm.FakeOpenAiServer.Recorded;
import io.twingraph.nl.llm.FakeOpenAiServer.ToolCall;

/** {@link LlmAgent} over the wire against a fake OpenAI chat completions server. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LlmAgentOpenAiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-0123456789";
    private static final String MODEL = "gpt-test-mini";
    private static final String CONTEXT = "Kitchen (site:kitchen): Kitchen light home1:kitchen-light, on";

    private FakeOpenAiServer server;
    private RecordingTools tools;

    @BeforeEach
    void start() {
        server = FakeOpenAiServer.start();
        tools = new RecordingTools();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LlmAgent agent(int rounds) {
        return agent(rounds, Duration.ofSeconds(3), QueryGuard.defaults());
    }

    private LlmAgent agent(int rounds, Duration timeout, QueryGuard guard) {
        return new LlmAgent(LlmSettings.of("openai", server.openAiBaseUrl(), KEY, MODEL, timeout, rounds), guard);
    }

    private static String args(Object... keysAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node.toString();
    }

    /** The messages of role "tool" in a request, in order. */
    private static List<JsonNode> toolMessages(Recorded request) {
        return request.messages().stream().filter(m -> m.path("role").asText().equals("tool")).toList();
    }

    private static JsonNode tool(Recorded request, String name) {
        for (JsonNode t : request.json().path("tools")) {
            if (t.path("function").path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no tool " + name + " in " + request.json().path("tools"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    // ---- (1) a plain answer and what the request carries -----------------------------------------------------------

    @Test
    void plainAnswerAndTheRequestItCameFrom() {
        server.text("  The kitchen light is on.  ");

        AgentAnswer answer = agent(3).ask("Is the kitchen light on?", CONTEXT, tools);

        assertThat(answer.text()).isEqualTo("The kitchen light is on.");
        assertThat(answer.calls()).isEmpty();
        assertThat(answer.sparql()).isEmpty();
        assertThat(tools.calls()).isEmpty();
        assertThat(server.requests()).hasSize(1);

        Recorded r = server.request(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = r.json();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);

        List<JsonNode> messages = r.messages();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(LlmAgent.SYSTEM_PROMPT);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText())
                .isEqualTo(LlmAgent.userMessage("Is the kitchen light on?", CONTEXT))
                .contains("Is the kitchen light on?")
                .contains(CONTEXT);

        JsonNode toolsSent = body.path("tools");
        assertThat(toolsSent.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        toolsSent.forEach(t -> {
            assertThat(t.path("type").asText()).isEqualTo("function");
            names.add(t.path("function").path("name").asText());
            assertThat(t.path("function").path("description").asText()).isNotBlank();
        });
        assertThat(names).containsExactly("select", "listThings", "sendCommand", "setGoal");

        JsonNode select = tool(r, "select").path("function").path("parameters");
        assertThat(select.path("type").asText()).isEqualTo("object");
        assertThat(select.path("properties").path("sparql").path("type").asText()).isEqualTo("string");
        assertThat(texts(select.path("required"))).containsExactly("sparql");

        JsonNode list = tool(r, "listThings").path("function").path("parameters");
        assertThat(list.path("properties").path("filter").path("type").asText()).isEqualTo("string");
        assertThat(texts(list.path("required"))).containsExactly("filter");

        JsonNode command = tool(r, "sendCommand").path("function").path("parameters");
        assertThat(command.path("properties").path("thingId").path("type").asText()).isEqualTo("string");
        assertThat(command.path("properties").path("property").path("type").asText()).isEqualTo("string");
        assertThat(command.path("properties").path("value").path("type").asText()).isEqualTo("string");
        assertThat(texts(command.path("required"))).containsExactlyInAnyOrder("thingId", "property", "value");

        JsonNode goal = tool(r, "setGoal").path("function").path("parameters");
        assertThat(goal.path("properties").path("room").path("type").asText()).isEqualTo("string");
        assertThat(texts(goal.path("properties").path("quantity").path("enum")))
                .containsExactly("temperature", "humidity", "co2", "light");
        assertThat(goal.path("properties").path("target").path("type").asText()).isEqualTo("number");
        assertThat(texts(goal.path("properties").path("when").path("enum"))).containsExactly("always", "occupied");
        assertThat(texts(goal.path("required"))).containsExactlyInAnyOrder("room", "quantity", "target", "when");
    }

    @Test
    void withoutGraphContextTheUserMessageIsTheQuestion() {
        server.text("Hello.");
        agent(3).ask("  Hi there ", "  ", tools);
        String user = server.request(0).messages().get(1).path("content").asText();
        assertThat(user).isEqualTo("Question: Hi there").doesNotContain("From the graph");
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() {
        server.text("ok");
        LlmAgent agent = new LlmAgent(LlmSettings.of("openai", server.openAiBaseUrl(), null, MODEL, Duration.ofSeconds(3), 2));
        assertThat(agent.ask("Hi", "", tools).text()).isEqualTo("ok");
        assertThat(server.request(0).header("Authorization")).isNull();
    }

    @Test
    void emptyAnswerIsSaidSo() {
        server.text("   ");
        assertThat(agent(3).ask("Hi", "", tools).text()).isEqualTo("(The model gave no answer.)");
    }

    @Test
    void blankQuestionIsRefusedWithoutCallingTheServer() {
        LlmAgent agent = agent(3);
        for (String q : new String[] {null, "", "  \n"}) {
            TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> agent.ask(q, CONTEXT, tools));
            assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.INVALID);
            assertThat(e.code()).isEqualTo("llm:question.missing");
        }
        assertThat(server.requests()).isEmpty();
    }

    // ---- (2) a select tool call ------------------------------------------------------------------------------------

    @Test
    void selectRunsTheGuardedQueryAndTheResultGoesBackWithItsId() {
        String query = "SELECT ?room WHERE { ?room a brick:Room }";
        String expected = QueryGuard.defaults().check(query).text();
        String rows = "{\"head\":{\"vars\":[\"room\"]},\"rows\":[[\"site:kitchen\"],[\"site:bedroom\"]]}";
        tools.onSelect(q -> rows);
        server.toolCalls(new ToolCall("call_abc123", "select", args("sparql", query)))
                .text("There are two rooms: kitchen and bedroom.");

        AgentAnswer answer = agent(3).ask("Which rooms are there?", CONTEXT, tools);

        assertThat(answer.text()).isEqualTo("There are two rooms: kitchen and bedroom.");
        // the tools got the query as the guard rewrote it
        assertThat(tools.calls()).singleElement().satisfies(c -> {
            assertThat(c.tool()).isEqualTo("select");
            assertThat(c.args()).containsExactly(expected);
        });
        assertThat(expected).containsPattern("LIMIT\\s+" + QueryGuard.DEFAULT_LIMIT + "\\s*$").isNotEqualTo(query);
        assertThat(answer.sparql()).containsExactly(expected);
        assertThat(answer.calls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("call_abc123");
            assertThat(c.tool()).isEqualTo("select");
            assertThat(JSON.readTree(c.arguments()).path("sparql").asText()).isEqualTo(query);
            assertThat(c.result()).isEqualTo(rows);
            assertThat(c.error()).isFalse();
        });

        assertThat(server.requests()).hasSize(2);
        Recorded second = server.request(1);
        List<JsonNode> messages = second.messages();
        assertThat(messages).hasSize(4);
        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_abc123");
        assertThat(assistant.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("select");
        JsonNode result = messages.get(3);
        assertThat(result.path("role").asText()).isEqualTo("tool");
        assertThat(result.path("tool_call_id").asText()).isEqualTo("call_abc123");
        assertThat(result.path("content").asText()).isEqualTo(rows);
        // rounds left: tools still offered, no "answer now"
        assertThat(second.json().path("tools")).hasSize(4);
        assertThat(second.body()).doesNotContain("no more tool calls");
    }

    @Test
    void aSmallerLimitIsKeptAndALargerOneLowered() {
        server.toolCalls(new ToolCall("c1", "select", args("sparql", "SELECT ?s WHERE { ?s a brick:Room } LIMIT 5")),
                        new ToolCall("c2", "select", args("sparql", "SELECT ?s WHERE { ?s a brick:Room } LIMIT 5000")))
                .text("done");

        AgentAnswer answer = agent(3).ask("rooms?", "", tools);

        assertThat(answer.sparql()).hasSize(2);
        assertThat(answer.sparql().get(0)).containsPattern("LIMIT\\s+5\\s*$");
        assertThat(answer.sparql().get(1)).containsPattern("LIMIT\\s+100\\s*$").doesNotContain("5000");
        assertThat(tools.calls("select")).extracting(c -> c.args().get(0)).containsExactlyElementsOf(answer.sparql());
        // two calls in one answer: two tool messages, each with its own id, in order
        List<JsonNode> results = toolMessages(server.request(1));
        assertThat(results).extracting(m -> m.path("tool_call_id").asText()).containsExactly("c1", "c2");
    }

    // ---- (3) hostile queries never reach the tools -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "DROP ALL",
            "DELETE WHERE { ?s ?p ?o }",
            "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
            "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://evil.example/q> { ?s ?p ?o } } }",
            "SELECT * WHERE { GRAPH <urn:x-secret:graph> { ?s ?p ?o } }",
            "SELECT * FROM <http://evil.example/data> WHERE { ?s ?p ?o }",
            "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    })
    void hostileSelectIsRefusedAndTheModelToldWhy(String hostile) {
        String reason = refusal(QueryGuard.defaults(), hostile);
        server.toolCalls(new ToolCall("call_bad", "select", args("sparql", hostile))).text("I cannot do that.");

        AgentAnswer answer = agent(3).ask("Do something bad", "", tools);

        assertThat(tools.calls()).as("the tools must not see a refused query").isEmpty();
        assertThat(answer.sparql()).isEmpty();
        assertThat(answer.text()).isEqualTo("I cannot do that.");
        ToolCallRecord record = answer.calls().get(0);
        assertThat(record.error()).isTrue();
        assertThat(record.id()).isEqualTo("call_bad");
        assertThat(record.result()).startsWith("Error: ").contains(reason);
        JsonNode toolMessage = toolMessages(server.request(1)).get(0);
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_bad");
        assertThat(toolMessage.path("content").asText()).isEqualTo(record.result());
    }

    @Test
    void refusalsNameTheirReason() {
        // what the model reads for the common cases (the guard's wording, checked here so a silent change shows)
        assertThat(refusal(QueryGuard.defaults(), "INSERT DATA { <urn:a> <urn:b> <urn:c> }")).containsIgnoringCase("update");
        assertThat(refusal(QueryGuard.defaults(), "DROP ALL")).contains("DROP");
        assertThat(refusal(QueryGuard.defaults(), "SELECT * WHERE { SERVICE <http://e.example/s> { ?s ?p ?o } }"))
                .contains("SERVICE");
        assertThat(refusal(QueryGuard.defaults(), "SELECT * WHERE { GRAPH <urn:x-secret:graph> { ?s ?p ?o } }"))
                .contains("urn:x-secret:graph");
    }

    @Test
    void graphOutsideAConfiguredSetIsRefused() {
        QueryGuard liveOnly = QueryGuard.builder()
                .allowedGraphs(List.of(NodeFactory.createURI("https://twingraph.io/graph/live")))
                .build();
        String topology = "SELECT * WHERE { GRAPH <https://twingraph.io/graph/topology> { ?s ?p ?o } }";
        String live = "SELECT * WHERE { GRAPH <https://twingraph.io/graph/live> { ?s ?p ?o } }";
        String reason = refusal(liveOnly, topology);
        assertThat(reason).contains("https://twingraph.io/graph/topology");
        server.toolCalls(new ToolCall("t1", "select", args("sparql", topology)),
                        new ToolCall("t2", "select", args("sparql", live)))
                .text("Only the live graph.");

        AgentAnswer answer = agent(3, Duration.ofSeconds(3), liveOnly).ask("everything?", "", tools);

        assertThat(answer.calls()).extracting(ToolCallRecord::error).containsExactly(true, false);
        assertThat(answer.calls().get(0).result()).contains(reason);
        assertThat(tools.calls("select")).singleElement()
                .satisfies(c -> assertThat((String) c.args().get(0)).contains("graph/live").doesNotContain("topology"));
        assertThat(answer.sparql()).containsExactly(liveOnly.check(live).text());
    }

    @Test
    void syntaxErrorsAndMissingQueriesGoBackToTheModel() {
        server.toolCalls(new ToolCall("s1", "select", args("sparql", "SELECT ?x WHERE { ?x a }")),
                        new ToolCall("s2", "select", "{}"),
                        new ToolCall("s3", "select", args("sparql", "")))
                .text("Sorry.");

        AgentAnswer answer = agent(3).ask("q", "", tools);

        assertThat(tools.calls()).isEmpty();
        assertThat(answer.calls()).allSatisfy(c -> {
            assertThat(c.error()).isTrue();
            assertThat(c.result()).startsWith("Error: ");
        });
        assertThat(answer.calls().get(1).result()).contains("'sparql'").contains("missing");
        assertThat(toolMessages(server.request(1))).extracting(m -> m.path("content").asText())
                .containsExactlyElementsOf(answer.calls().stream().map(ToolCallRecord::result).toList());
    }

    private static String refusal(QueryGuard guard, String query) {
        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> guard.check(query));
        assertThat(e).as("the guard must refuse %s", query).isNotNull();
        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.INVALID);
        return e.getMessage();
    }

    // ---- tools that fail -------------------------------------------------------------------------------------------

    @Test
    void aToolsTwinGraphExceptionReachesTheModelAsAnError() {
        tools.onListThings(f -> {
            throw new TwinGraphException("nl:thing.unknown", TwinGraphException.Kind.NOT_FOUND,
                    "No thing matches 'garage'.", "Things are: home1:kitchen-light, home1:bedroom-heater.");
        });
        tools.onSendCommand(a -> {
            throw new IllegalStateException("secret internal detail xyz");
        });
        server.toolCalls(new ToolCall("a", "listThings", args("filter", "garage")),
                        new ToolCall("b", "sendCommand", args("thingId", "home1:x", "property", "light/on", "value", true)))
                .text("There is no garage.");

        AgentAnswer answer = agent(3).ask("garage door?", "", tools);

        assertThat(answer.text()).isEqualTo("There is no garage.");
        assertThat(answer.calls().get(0).error()).isTrue();
        assertThat(answer.calls().get(0).result()).isEqualTo(
                "Error: No thing matches 'garage'. Things are: home1:kitchen-light, home1:bedroom-heater.");
        assertThat(answer.calls().get(1).error()).isTrue();
        assertThat(answer.calls().get(1).result()).contains("sendCommand").contains("failed")
                .doesNotContain("secret internal detail");
        assertThat(toolMessages(server.request(1))).extracting(m -> m.path("content").asText())
                .containsExactly(answer.calls().get(0).result(), answer.calls().get(1).result());
    }

    @Test
    void longToolResultsAreCut() {
        String huge = "x".repeat(LlmAgent.MAX_TOOL_RESULT + 500);
        tools.onListThings(f -> huge);
        server.toolCalls(new ToolCall("a", "listThings", args("filter", ""))).text("many");

        AgentAnswer answer = agent(3).ask("all things", "", tools);

        String result = answer.calls().get(0).result();
        assertThat(result).startsWith("x".repeat(LlmAgent.MAX_TOOL_RESULT)).contains("[cut: 500 more characters");
        assertThat(toolMessages(server.request(1)).get(0).path("content").asText()).isEqualTo(result);
        assertThat(tools.calls("listThings")).singleElement().satisfies(c -> assertThat(c.args()).containsExactly(""));
    }

    // ---- (4) command and goal arguments ----------------------------------------------------------------------------

    @Test
    void commandValuesArePassedAsJson() {
        server.toolCalls(
                        new ToolCall("v1", "sendCommand", args("thingId", "home1:kitchen-light", "property", "light/on", "value", true)),
                        new ToolCall("v2", "sendCommand", args("thingId", "home1:kitchen-light", "property", "light/brightness", "value", 40)),
                        new ToolCall("v3", "sendCommand", args("thingId", "home1:heater", "property", "thermostat/mode", "value", "eco")),
                        new ToolCall("v4", "sendCommand", args("thingId", "home1:kitchen-light", "property", "light/on", "value", "true")),
                        new ToolCall("v5", "sendCommand", args("thingId", "home1:kitchen-light", "property", "light/brightness", "value", "40")),
                        new ToolCall("v6", "sendCommand", args("thingId", "home1:heater", "property", "thermostat/mode", "value", "\"eco\"")),
                        new ToolCall("v7", "sendCommand", args("thingId", "home1:heater", "property", "thermostat/setpoint", "value", 21.5)),
                        new ToolCall("v8", "sendCommand", args("thingId", "home1:heater", "property", "thermostat/mode", "value", "21.5 degrees")))
                .text("Done.");

        AgentAnswer answer = agent(3).ask("set things", "", tools);

        assertThat(answer.calls()).extracting(ToolCallRecord::error).containsOnly(false);
        assertThat(tools.calls("sendCommand")).extracting(RecordingTools.Call::args).containsExactly(
                List.of("home1:kitchen-light", "light/on", "true"),
                List.of("home1:kitchen-light", "light/brightness", "40"),
                List.of("home1:heater", "thermostat/mode", "\"eco\""),
                List.of("home1:kitchen-light", "light/on", "true"),
                List.of("home1:kitchen-light", "light/brightness", "40"),
                List.of("home1:heater", "thermostat/mode", "\"eco\""),
                List.of("home1:heater", "thermostat/setpoint", "21.5"),
                List.of("home1:heater", "thermostat/mode", "\"21.5 degrees\""));
        assertThat(toolMessages(server.request(1))).extracting(m -> m.path("content").asText())
                .containsOnly("applied and confirmed");
    }

    @Test
    void goalArgumentsArePassed() {
        server.toolCalls(
                        new ToolCall("g1", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "target", 21.5, "when", "occupied")),
                        new ToolCall("g2", "setGoal", args("room", "Kitchen", "quantity", "CO2", "target", "800", "when", "ALWAYS")),
                        new ToolCall("g3", "setGoal", args("room", "site:hall", "quantity", "light", "target", 1)))
                .text("Goals set.");

        AgentAnswer answer = agent(3).ask("goals", "", tools);

        assertThat(answer.calls()).extracting(ToolCallRecord::error).containsOnly(false);
        assertThat(tools.calls("setGoal")).extracting(RecordingTools.Call::args).containsExactly(
                List.of("site:bedroom", "temperature", 21.5, "occupied"),
                List.of("Kitchen", "co2", 800.0, "always"),
                List.of("site:hall", "light", 1.0, "always"));
    }

    @Test
    void badArgumentsAreReportedToTheModelNotThrown() {
        List<ToolCall> bad = List.of(
                new ToolCall("b1", "sendCommand", args("thingId", "home1:kitchen-light", "property", "light/on")),
                new ToolCall("b2", "sendCommand", args("property", "light/on", "value", true)),
                new ToolCall("b3", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "target", "warm", "when", "always")),
                new ToolCall("b4", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "when", "always")),
                new ToolCall("b5", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "target", 21, "when", "sometimes")),
                new ToolCall("b6", "sendCommand", "{\"thingId\": \"home1:x\", oops"),
                new ToolCall("b7", "sendCommand", "[1, 2]"),
                new ToolCall("b8", "rm", args("path", "/")),
                new ToolCall("b9", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "target", true, "when", "always")),
                new ToolCall("b10", "sendCommand", args("thingId", List.of("home1:a", "home1:b"), "property", "light/on", "value", true)),
                new ToolCall("b11", "sendCommand", args("thingId", "home1:x", "property", "light/on", "value", null)),
                new ToolCall("b12", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "target", "NaN", "when", "always")),
                new ToolCall("b13", "setGoal", args("room", "site:bedroom", "quantity", "temperature", "target", "Infinity", "when", "always")),
                new ToolCall("b14", "setGoal", args("room", "site:bedroom", "quantity", "banana", "target", 3, "when", "always")),
                new ToolCall("b15", "sendCommand", args("thingId", "  ", "property", "light/on", "value", true)),
                new ToolCall("b16", "setGoal", args("room", Map.of("iri", "site:bedroom"), "quantity", "light", "target", 1, "when", "always")));
        server.toolCalls(bad.toArray(ToolCall[]::new)).text("I need more details.");

        AgentAnswer answer = agent(3).ask("do it", "", tools);

        assertThat(answer.text()).isEqualTo("I need more details.");
        assertThat(tools.calls()).as("no bad call reaches the tools").isEmpty();
        assertThat(answer.calls()).hasSize(bad.size()).allSatisfy(c -> {
            assertThat(c.error()).as(c.id()).isTrue();
            assertThat(c.result()).as(c.id()).startsWith("Error: ");
        });
        List<String> results = answer.calls().stream().map(ToolCallRecord::result).toList();
        assertThat(results.get(0)).contains("'value'").contains("missing");
        assertThat(results.get(1)).contains("'thingId'").contains("missing");
        assertThat(results.get(2)).contains("'target'").contains("number");
        assertThat(results.get(3)).contains("'target'").contains("number");
        assertThat(results.get(4)).contains("'when'").contains("sometimes");
        assertThat(results.get(5)).contains("not valid JSON");
        assertThat(results.get(6)).contains("JSON object");
        assertThat(results.get(7)).contains("no tool named 'rm'");
        assertThat(results.get(8)).contains("'target'").contains("number");
        assertThat(results.get(9)).contains("'thingId'");
        assertThat(results.get(10)).contains("'value'");
        assertThat(results.get(11)).contains("'target'");
        assertThat(results.get(12)).contains("'target'");
        assertThat(results.get(13)).contains("'quantity'").contains("banana").contains("temperature, humidity, co2, light");
        assertThat(results.get(14)).contains("'thingId'").contains("empty");
        assertThat(results.get(15)).contains("'room'").contains("one text value");
        assertThat(answer.calls()).extracting(ToolCallRecord::id)
                .containsExactlyElementsOf(bad.stream().map(ToolCall::id).toList());
        List<JsonNode> toolMessages = toolMessages(server.request(1));
        assertThat(toolMessages).extracting(m -> m.path("tool_call_id").asText())
                .containsExactlyElementsOf(bad.stream().map(ToolCall::id).toList());
        assertThat(toolMessages).extracting(m -> m.path("content").asText()).containsExactlyElementsOf(results);
    }

    // ---- (5) running out of tool rounds ----------------------------------------------------------------------------

    @Test
    void afterTheLastToolRoundTheModelMustAnswerWithoutTools() {
        server.toolCalls(new ToolCall("r1", "listThings", args("filter", "light")))
                .toolCalls(new ToolCall("r2", "listThings", args("filter", "lamp")))
                .text("I found no lamp.");

        AgentAnswer answer = agent(2).ask("Where is the lamp?", "", tools);

        assertThat(answer.text()).isEqualTo("I found no lamp.");
        assertThat(tools.calls()).extracting(c -> c.args().get(0)).containsExactly("light", "lamp");
        assertThat(server.requests()).hasSize(3);
        assertThat(server.request(0).json().path("tools")).hasSize(4);
        assertThat(server.request(1).json().path("tools")).hasSize(4);
        assertThat(server.request(1).body()).doesNotContain("no more tool calls");
        Recorded last = server.request(2);
        assertThat(last.json().has("tools")).as("no tools offered in the forced round").isFalse();
        List<JsonNode> messages = last.messages();
        JsonNode final_ = messages.get(messages.size() - 1);
        assertThat(final_.path("role").asText()).isEqualTo("user");
        assertThat(final_.path("content").asText()).isEqualTo(LlmAgent.NO_MORE_TOOLS);
        assertThat(toolMessages(last)).extracting(m -> m.path("tool_call_id").asText()).containsExactly("r1", "r2");
        assertThat(last.body().split("no more tool calls", -1)).as("the notice once").hasSize(2);
    }

    @Test
    void aModelThatStillCallsToolsIsStopped() {
        server.toolCalls(new ToolCall("r1", "listThings", args("filter", "light")))
                .toolCalls(new ToolCall("r2", "sendCommand", args("thingId", "home1:x", "property", "light/on", "value", true)));

        AgentAnswer answer = agent(1).ask("Switch everything on", "", tools);

        assertThat(answer.text()).contains("could not finish").contains("1 round").doesNotContain("1 rounds");
        assertThat(tools.calls()).extracting(RecordingTools.Call::tool).containsExactly("listThings");
        assertThat(answer.calls()).extracting(ToolCallRecord::id).containsExactly("r1");
        assertThat(server.requests()).hasSize(2);
        assertThat(server.request(1).json().has("tools")).isFalse();
        assertThat(server.remaining()).isZero();
    }

    // ---- (6) the server failing ------------------------------------------------------------------------------------

    @Test
    void unauthorizedIsUnavailableNamingTheServerAndTheKey() {
        server.status(401, "Incorrect API key provided");

        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> agent(3).ask("Hi", "", tools));

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.UNAVAILABLE);
        assertThat(e.code()).isEqualTo("llm:model.unavailable");
        assertThat(e.getMessage()).contains(server.openAiBaseUrl()).contains(MODEL).contains("HTTP 401")
                .contains("API key").doesNotContain(KEY);
        assertThat(e.description()).isNotBlank();
        assertThat(server.requests()).as("not retried").hasSize(1);
    }

    @Test
    void serverErrorIsUnavailableAndNotRetried() {
        server.status(500, "The server had an error while processing your request");

        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> agent(3).ask("Hi", "", tools));

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.UNAVAILABLE);
        assertThat(e.code()).isEqualTo("llm:model.unavailable");
        assertThat(e.getMessage()).contains(server.openAiBaseUrl()).contains("HTTP 500");
        assertThat(server.requests()).as("not retried").hasSize(1);
    }

    @Test
    void errorAfterAToolRoundEndsTheQuestion() {
        server.toolCalls(new ToolCall("r1", "listThings", args("filter", "light")))
                .status(503, "overloaded");

        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> agent(3).ask("Hi", "", tools));

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 503");
        assertThat(tools.calls()).hasSize(1);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void slowServerIsATimeoutNamingTheServer() {
        server.raw(200, "{}", Duration.ofSeconds(4));
        LlmAgent agent = agent(3, Duration.ofMillis(400), QueryGuard.defaults());

        long start = System.nanoTime();
        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> agent.ask("Hi", "", tools));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.TIMEOUT);
        assertThat(e.code()).isEqualTo("llm:model.timeout");
        assertThat(e.getMessage()).contains(server.openAiBaseUrl()).contains("did not answer within 400 ms");
        assertThat(millis).as("gave up after its timeout, not the server's delay").isLessThan(2_500);
        assertThat(server.requests()).as("not retried").hasSize(1);
    }

    @Test
    void unreadableAnswerIsUnavailable() {
        server.raw(200, "<html>Bad gateway</html>", Duration.ZERO);

        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> agent(3).ask("Hi", "", tools));

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains(server.openAiBaseUrl());
    }

    @Test
    void unreachableServerIsUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        LlmAgent agent = new LlmAgent(LlmSettings.of("openai", url, KEY, MODEL, Duration.ofSeconds(2), 3));

        assertThatThrownBy(() -> agent.ask("Hi", "", tools))
                .isInstanceOfSatisfying(TwinGraphException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains(url).contains("could not be reached");
                });
    }
}
