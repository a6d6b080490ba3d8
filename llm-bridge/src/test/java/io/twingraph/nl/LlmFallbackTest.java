package io.twingraph.nl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.query.QueryGuard;
import io.twingraph.nl.NlReply.Status;
import io.twingraph.nl.answer.QuestionAnswerer;
import io.twingraph.nl.llm.FakeOpenAiServer;
import io.twingraph.nl.llm.FakeOpenAiServer.ToolCall;
import io.twingraph.nl.llm.LlmAgent;
import io.twingraph.nl.llm.LlmSettings;

/**
 * What the local parser cannot take goes to the language model, here a local HTTP server speaking OpenAI's chat
 * completions protocol with scripted tool calls; the model's commands and queries act on a real in-memory engine.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LlmFallbackTest {
    private FakeOpenAiServer model;
    private LanguageHome home;
    private CommandGateway gateway;
    private NaturalLanguage language;

    @BeforeEach
    void start() {
        model = FakeOpenAiServer.start();
        home = new LanguageHome();
        gateway = new CommandGateway(home.engine, home.sender());
        QueryGuard guard = QueryGuard.builder().build();
        LlmAgent agent = new LlmAgent(LlmSettings.of("openai", model.openAiBaseUrl(), "sk-test", "test-model",
                Duration.ofSeconds(3), 3), guard);
        LlmFallback fallback = new LlmFallback(agent, q -> guard.run(home.sparql, q), gateway, null, Duration.ofSeconds(2));
        language = new NaturalLanguage(home.homes, new QuestionAnswerer(q -> guard.run(home.sparql, q)), gateway, null,
                fallback, new NaturalLanguage.Settings(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        home.close();
        model.close();
    }

    @Test
    void whatTheParserTakesNeverReachesTheModel() {
        NlReply reply = language.handle(NlRequest.of("turn on the kitchen light"));
        assertThat(reply.status()).isEqualTo(Status.DONE);
        assertThat(reply.interpretation().source()).isEqualTo("local");
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void theModelsCommandIsSentAndConfirmedByTheTwin() {
        model.toolCalls(new ToolCall("call_1", "sendCommand",
                        "{\"thingId\":\"t1:office-thermostat\",\"property\":\"thermostat/setpoint\",\"value\":22}"))
                .text("I raised the office thermostat to 22 °C.");
        NlReply reply = language.handle(NlRequest.of("I'm freezing at my desk, do something about it"));

        assertThat(reply.status()).isEqualTo(Status.DONE);
        assertThat(reply.answer()).isEqualTo("I raised the office thermostat to 22 °C.");
        assertThat(reply.interpretation().source()).isEqualTo("llm");
        assertThat(reply.actions()).singleElement().satisfies(a -> {
            assertThat(a.thing()).isEqualTo("t1:office-thermostat");
            assertThat(a.value()).isEqualTo(22L);
            assertThat(a.outcome()).isEqualTo("confirmed");
        });
        assertThat(home.engine.twins().get(ThingId.of("t1:office-thermostat")).orElseThrow().getFeatures().orElseThrow()
                .getFeature("thermostat").orElseThrow().getProperty("setpoint").orElseThrow().asInt()).isEqualTo(22);
        // the question went with the home: rooms with their IRIs and the devices with their values
        String user = model.request(0).messages().get(1).path("content").asText();
        assertThat(user).contains("I'm freezing at my desk", "Office <" + LanguageHome.SITE + "office>",
                "t1:office-thermostat \"Office thermostat\"", "thermostat/setpoint=20");
        // the tool's result told the model the twin confirmed
        assertThat(model.request(1).messages().toString()).contains("confirmed");
    }

    @Test
    void aDryRunTellsTheModelNothingWasSent() {
        model.toolCalls(new ToolCall("call_1", "sendCommand",
                        "{\"thingId\":\"t1:office-fan\",\"property\":\"fan/on\",\"value\":true}"))
                .text("I would switch on the desk fan.");
        NlReply reply = language.handle(new NlRequest("it's stuffy in here, help", null, true, null));
        assertThat(reply.status()).isEqualTo(Status.PLANNED);
        assertThat(reply.actions()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("planned"));
        assertThat(home.sent).isEmpty();
    }

    @Test
    void theModelsQueryRunsThroughTheGuardAndIsShown() {
        model.toolCalls(new ToolCall("call_1", "select",
                        "{\"sparql\":\"SELECT (COUNT(?t) AS ?n) WHERE { ?t a ?c }\"}"))
                .text("There are several things.");
        NlReply reply = language.handle(NlRequest.of("give me a rough census of everything you track"));
        assertThat(reply.status()).isEqualTo(Status.ANSWERED);
        assertThat(reply.sparql()).contains("COUNT", "LIMIT");
        assertThat(model.request(1).messages().toString()).contains("\\\"vars\\\"");
    }

    @Test
    void aModelThatIsDownLeavesAClearNotUnderstood() {
        model.status(500, "model crashed");
        NlReply reply = language.handle(NlRequest.of("flibber the quantum gizmo"));
        assertThat(reply.status()).isEqualTo(Status.NOT_UNDERSTOOD);
        assertThat(reply.answer()).contains("language model could not help", model.openAiBaseUrl());
        assertThat(home.sent).isEmpty();
    }
}
