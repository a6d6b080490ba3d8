package io.twingraph.nl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.query.QueryGuard;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.NlReply.Status;
import io.twingraph.nl.answer.QuestionAnswerer;

/**
 * Sentences through the whole language service on a real in-memory engine: commands go through the command gateway
 * and wait for the twin to show the new state, questions run SPARQL over the live graph.
 */
class NaturalLanguageTest {
    private LanguageHome home;
    private CommandGateway gateway;
    private NaturalLanguage language;

    @BeforeEach
    void start() {
        home = new LanguageHome();
        gateway = new CommandGateway(home.engine, home.sender());
        QueryGuard guard = QueryGuard.builder().limit(1000).build();
        language = new NaturalLanguage(home.homes, new QuestionAnswerer(q -> guard.run(home.sparql, q)), gateway,
                null, null, new NaturalLanguage.Settings(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        home.close();
    }

    private NlReply say(String text) {
        return language.handle(NlRequest.of(text));
    }

    private NlReply say(String text, String conversation) {
        return language.handle(new NlRequest(text, conversation, false, null));
    }

    @Test
    void aCommandIsSentAndConfirmedByTheTwin() {
        NlReply reply = say("turn on the kitchen light");
        assertThat(reply.status()).isEqualTo(Status.DONE);
        assertThat(reply.answer()).isEqualTo("Done, confirmed: Kitchen light is on.");
        assertThat(reply.actions()).singleElement().satisfies(a -> {
            assertThat(a.thing()).isEqualTo("t1:kitchen-light");
            assertThat(a.property()).isEqualTo("light/on");
            assertThat(a.value()).isEqualTo(true);
            assertThat(a.outcome()).isEqualTo("confirmed");
        });
        assertThat(home.sent).singleElement().satisfies(c -> {
            assertThat(c.path().toString()).isEqualTo("/features/light/properties/on");
            assertThat(c.value().asBoolean()).isTrue();
        });
        assertThat(home.engine.twins().get(org.eclipse.ditto.things.model.ThingId.of("t1:kitchen-light")).orElseThrow()
                .getFeatures().orElseThrow().getFeature("light").orElseThrow().getProperty("on").orElseThrow().asBoolean()).isTrue();
    }

    @Test
    void aDeviceThatDoesNotReportBackIsSentButNotConfirmed() {
        home.silence = true;
        NlReply reply = say("lock the front door");
        assertThat(reply.status()).isEqualTo(Status.NOT_CONFIRMED);
        assertThat(reply.answer()).startsWith("Sent, but not confirmed: Front door lock");
        assertThat(reply.actions()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("not-confirmed"));
        assertThat(home.sent).hasSize(1);
    }

    @Test
    void aDryRunPlansAndSendsNothing() {
        NlReply reply = language.handle(new NlRequest("close the blinds in the bedroom", null, true, null));
        assertThat(reply.status()).isEqualTo(Status.PLANNED);
        assertThat(reply.actions()).singleElement().satisfies(a -> {
            assertThat(a.property()).isEqualTo("cover/position");
            assertThat(a.value()).isEqualTo(0L);
            assertThat(a.outcome()).isEqualTo("planned");
        });
        assertThat(home.sent).isEmpty();
    }

    @Test
    void aStateQuestionIsAnsweredBySparqlInTheDevicesWords() {
        NlReply reply = say("is the kitchen window open?");
        assertThat(reply.status()).isEqualTo(Status.ANSWERED);
        assertThat(reply.answer()).isEqualTo("Yes, Kitchen window is open.");
        assertThat(reply.sparql()).contains("SELECT", "<" + "https://twingraph.io/thing/", "contact", "/open");
        assertThat(reply.rows()).singleElement().satisfies(r -> {
            assertThat(r.get("value")).isEqualTo(true);
            assertThat(r.get("state")).isEqualTo("open");
        });
        assertThat(say("is the bedroom window open?").answer()).isEqualTo("No, Bedroom window is closed.");
    }

    @Test
    void listsCountsAndValues() {
        NlReply windows = say("which windows are open?");
        assertThat(windows.answer()).isEqualTo("Kitchen window is open.");
        assertThat(windows.rows()).hasSize(1);

        NlReply lights = say("how many lights are on?");
        assertThat(lights.answer()).isEqualTo("2 of 3 lights are on: Bedroom light and Floor lamp.");

        NlReply temperature = say("what's the temperature in the kitchen?");
        assertThat(temperature.answer()).contains("21.5");
    }

    @Test
    void anAnswerFollowsTheLiveTwin() {
        assertThat(say("turn on the kitchen light").status()).isEqualTo(Status.DONE);
        assertThat(say("how many lights are on?").answer()).startsWith("3 of 3 lights are on");
    }

    @Test
    void followUpsBorrowFromTheLastTurn() {
        NlReply first = say("is the bedroom light on?", "c1");
        assertThat(first.answer()).isEqualTo("Yes, Bedroom light is on.");
        NlReply off = say("turn it off", "c1");
        assertThat(off.status()).isEqualTo(Status.DONE);
        assertThat(off.interpretation().things()).containsExactly("t1:bedroom-light");

        NlReply lights = say("turn off the lights in the living room", "c2");
        assertThat(lights.status()).isEqualTo(Status.DONE);
        NlReply kitchen = say("and in the kitchen?", "c2");
        assertThat(kitchen.interpretation().intent()).isEqualTo(Intent.TURN_OFF);
        assertThat(kitchen.interpretation().things()).containsExactly("t1:kitchen-light");
    }

    @Test
    void nothingIsDoneBelowTheConfidenceThreshold() {
        NlReply reply = say("turn it off");
        assertThat(reply.status()).isEqualTo(Status.NOT_UNDERSTOOD);
        NlReply gibberish = say("flibber the quantum gizmo");
        assertThat(gibberish.status()).isEqualTo(Status.NOT_UNDERSTOOD);
        assertThat(gibberish.answer()).contains("quantum gizmo");
        assertThat(home.sent).isEmpty();
    }

    @Test
    void aGoalIsPlannedOnADryRunAndRefusedWithoutRules() {
        NlReply planned = language.handle(new NlRequest("keep the office at 21 while I'm there", null, true, null));
        assertThat(planned.status()).isEqualTo(Status.PLANNED);
        assertThat(planned.goal()).containsEntry("quantity", "temperature").containsEntry("target", 21.0)
                .containsEntry("when", "occupied").containsEntry("room", LanguageHome.SITE + "office");
        NlReply real = say("keep the office at 21 while I'm there");
        assertThat(real.status()).isEqualTo(Status.FAILED);
        assertThat(real.answer()).contains("Rules are not running");
    }

    @Test
    void anUnknownWordIsLinkedToADeviceNameByTheEmbeddingModel() {
        // "telly" is no name, alias or kind here; the linker finds the Television
        NlReply reply = say("turn on the telly");
        assertThat(reply.status()).isEqualTo(Status.DONE);
        assertThat(reply.interpretation().things()).containsExactly("t1:living-tv");
        assertThat(home.sent).singleElement().satisfies(c -> assertThat(c.thingId().toString()).isEqualTo("t1:living-tv"));
    }

    @Test
    void replacingUnknownWordsKeepsTheRestOfTheSentence() {
        assertThat(NaturalLanguage.replaceWords("Turn on the old telly, please!", java.util.List.of("old", "telly"), "Television"))
                .isEqualTo("Turn on the Television please!");
    }

    @Test
    void sensorsAreNotCommanded() {
        NlReply reply = say("turn on the kitchen sensor");
        assertThat(reply.status()).isEqualTo(Status.NO_MATCH);
        assertThat(home.sent).isEmpty();
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        assertThatThrownBy(() -> say("  ")).isInstanceOfSatisfying(TwinGraphException.class,
                e -> assertThat(e.code()).isEqualTo("nl:text.missing"));
        assertThatThrownBy(() -> say("a".repeat(NlRequest.MAX_LENGTH + 1))).isInstanceOfSatisfying(TwinGraphException.class,
                e -> assertThat(e.code()).isEqualTo("nl:text.too-long"));
        assertThatThrownBy(() -> language.handle(new NlRequest("turn on the light", null, false, "Attic")))
                .isInstanceOfSatisfying(TwinGraphException.class, e -> {
                    assertThat(e.code()).isEqualTo("nl:area.unknown");
                    assertThat(e.getMessage()).contains("Attic");
                });
    }

    @Test
    void theSpeakersAreaByName() {
        NlReply reply = language.handle(new NlRequest("turn on the fan", null, false, "office"));
        assertThat(reply.status()).isEqualTo(Status.DONE);
        assertThat(reply.interpretation().things()).containsExactly("t1:office-fan");
    }
}
