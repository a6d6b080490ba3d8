package io.twingraph.nl.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.engine.query.QueryGuard;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.llm.FakeOpenAiServer.Recorded;
import io.twingraph.nl.llm.FakeOpenAiServer.ToolCall;

/** {@link LlmAgent} over the wire against a fake Ollama {@code /api/chat}. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LlmAgentOllamaTest {
    private static final String MODEL = "qwen-test:7b";
    private static final String CONTEXT = "Bedroom (site:bedroom): Bedroom heater home1:bedroom-heater, 19.5 degC";

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

    private LlmAgent agent(int rounds, Duration timeout) {
        return new LlmAgent(LlmSettings.of("ollama", server.ollamaBaseUrl(), null, MODEL, timeout, rounds));
    }

    private static List<String> toolNames(Recorded r) {
        List<String> names = new ArrayList<>();
        r.json().path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
        return names;
    }

    @Test
    void plainAnswer() {
        server.ollamaText("It is 19.5 degrees in the bedroom.");

        AgentAnswer answer = agent(3, Duration.ofSeconds(3)).ask("How warm is the bedroom?", CONTEXT, tools);

        assertThat(answer.text()).isEqualTo("It is 19.5 degrees in the bedroom.");
        assertThat(answer.calls()).isEmpty();
        assertThat(answer.sparql()).isEmpty();
        assertThat(tools.calls()).isEmpty();
        assertThat(server.requests()).hasSize(1);
        Recorded r = server.request(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/chat");
        JsonNode body = r.json();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("stream").asBoolean(true)).as("not streamed").isFalse();
        List<JsonNode> messages = r.messages();
        assertThat(messages).extracting(m -> m.path("role").asText()).containsExactly("system", "user");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(LlmAgent.SYSTEM_PROMPT);
        assertThat(messages.get(1).path("content").asText()).contains("How warm is the bedroom?").contains(CONTEXT);
        assertThat(toolNames(r)).containsExactly("select", "listThings", "sendCommand", "setGoal");
        JsonNode goal = body.path("tools").get(3).path("function").path("parameters");
        assertThat(goal.path("properties").path("target").path("type").asText()).isEqualTo("number");
        assertThat(goal.path("required")).hasSize(4);
    }

    @Test
    void toolCallRound() {
        String query = "SELECT ?t WHERE { ?p a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?t }";
        String expected = QueryGuard.defaults().check(query).text();
        tools.onSelect(q -> "{\"rows\":[[19.5]]}");
        server.ollamaToolCalls(
                        new ToolCall("ignored", "select", "{\"sparql\":" + quote(query) + "}"),
                        new ToolCall("ignored", "setGoal",
                                "{\"room\":\"site:bedroom\",\"quantity\":\"temperature\",\"target\":21,\"when\":\"occupied\"}"),
                        new ToolCall("ignored", "sendCommand",
                                "{\"thingId\":\"home1:bedroom-heater\",\"property\":\"thermostat/mode\",\"value\":\"eco\"}"))
                .ollamaText("It is 19.5 degrees; I set 21 degrees while occupied and the heater to eco.");

        AgentAnswer answer = agent(3, Duration.ofSeconds(3)).ask("Warm up the bedroom", CONTEXT, tools);

        assertThat(answer.text()).startsWith("It is 19.5 degrees");
        assertThat(answer.sparql()).containsExactly(expected);
        assertThat(expected).containsPattern("LIMIT\\s+100\\s*$");
        assertThat(tools.calls()).extracting(RecordingTools.Call::args).containsExactly(
                List.of(expected),
                List.of("site:bedroom", "temperature", 21.0, "occupied"),
                List.of("home1:bedroom-heater", "thermostat/mode", "\"eco\""));
        assertThat(answer.calls()).extracting(ToolCallRecord::tool).containsExactly("select", "setGoal", "sendCommand");
        assertThat(answer.calls()).extracting(ToolCallRecord::error).containsOnly(false);

        assertThat(server.requests()).hasSize(2);
        Recorded second = server.request(1);
        assertThat(second.path()).isEqualTo("/api/chat");
        List<JsonNode> messages = second.messages();
        assertThat(messages).extracting(m -> m.path("role").asText())
                .containsExactly("system", "user", "assistant", "tool", "tool", "tool");
        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("tool_calls")).hasSize(3);
        assertThat(assistant.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("select");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("{\"rows\":[[19.5]]}");
        assertThat(messages.get(4).path("content").asText()).isEqualTo("goal set");
        assertThat(messages.get(5).path("content").asText()).isEqualTo("applied and confirmed");
        assertThat(toolNames(second)).hasSize(4);
    }

    @Test
    void hostileSelectIsRefused() {
        server.ollamaToolCalls(new ToolCall("x", "select", "{\"sparql\":\"DROP ALL\"}")).ollamaText("No.");

        AgentAnswer answer = agent(3, Duration.ofSeconds(3)).ask("Delete everything", "", tools);

        assertThat(tools.calls()).isEmpty();
        assertThat(answer.sparql()).isEmpty();
        assertThat(answer.calls()).singleElement().satisfies(c -> {
            assertThat(c.error()).isTrue();
            assertThat(c.result()).startsWith("Error: ").contains("DROP");
        });
        JsonNode tool = server.request(1).messages().get(3);
        assertThat(tool.path("role").asText()).isEqualTo("tool");
        assertThat(tool.path("content").asText()).isEqualTo(answer.calls().get(0).result());
    }

    @Test
    void serverErrorIsUnavailableNamingTheServer() {
        server.status(500, "model 'qwen-test:7b' not found");

        TwinGraphException e = catchThrowableOfType(TwinGraphException.class,
                () -> agent(3, Duration.ofSeconds(3)).ask("Hi", "", tools));

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains(server.ollamaBaseUrl()).contains("ollama").contains("HTTP 500");
        assertThat(server.requests()).as("not retried").hasSize(1);
    }

    @Test
    void slowServerIsATimeout() {
        server.raw(200, "{}", Duration.ofSeconds(4));

        long start = System.nanoTime();
        TwinGraphException e = catchThrowableOfType(TwinGraphException.class,
                () -> agent(3, Duration.ofMillis(400)).ask("Hi", "", tools));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains(server.ollamaBaseUrl()).contains("400 ms");
        assertThat(millis).isLessThan(2_500);
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }
}
