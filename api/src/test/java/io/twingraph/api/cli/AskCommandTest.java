package io.twingraph.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;

/**
 * {@code twingraph ask} against a real running TwinGraph with the simulated home (devices obey over MQTT), found
 * through its data directory as a user's shell would find it, or by {@code --server}. The app runs on a midsummer
 * noon clock so that the household leaves the lights alone.
 */
class AskCommandTest {
    private static final String KITCHEN_LIGHT = "home1:kitchen-light";

    @TempDir
    static Path dir;

    private static TwinGraphApp app;
    private static Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("data");
        Clock noon = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2025-06-21T11:00:00Z")));
        app = io.twingraph.api.e2e.Authorized.register(TwinGraphApp.start(AppConfig.defaults(data).withPorts(freePort(), freePort())
                .withSimulation(new AppConfig.Simulation(1, 0, 1.0, 7)), noon));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void kitchenLightIsOff() throws Exception {
        HttpResponse<String> r = RunningServer.HTTP.send(io.twingraph.api.e2e.Authorized.request(app.httpUrl() + "/api/2/things/"
                        + KITCHEN_LIGHT + "/features/light/properties/on?channel=live")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("false")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !kitchenLightOn());
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static boolean kitchenLightOn() throws Exception {
        HttpResponse<String> r = RunningServer.HTTP.send(io.twingraph.api.e2e.Authorized.request(app.httpUrl() + "/api/2/things/"
                + KITCHEN_LIGHT).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).at("/features/light/properties/on").asBoolean();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aCommandPrintsTheAnswerWhatWasUnderstoodAndEachActionWithItsOutcome() throws Exception {
        int code = run("ask", "--data", data.toString(), "turn on the kitchen light");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString().lines().findFirst()).hasValue("Done, confirmed: Kitchen light is on.");
        assertThat(out.toString()).contains("understood: TURN_ON " + KITCHEN_LIGHT)
                .contains("Kitchen light (" + KITCHEN_LIGHT + ") light/on = true: confirmed")
                .contains("status: DONE")
                .doesNotContain("SPARQL");
        assertThat(kitchenLightOn()).isTrue();
    }

    @Test
    void unquotedWordsAreJoinedIntoOneSentence() throws Exception {
        assertThat(run("ask", "--data", data.toString(), "turn", "on", "the", "kitchen", "light")).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Done, confirmed: Kitchen light is on.");
        assertThat(kitchenLightOn()).isTrue();
    }

    @Test
    void aQuestionPrintsTheAnswerAndTheSparqlThatAnsweredIt() {
        int code = run("ask", "--data", data.toString(), "is the kitchen light on?");

        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text.lines().findFirst()).hasValueSatisfying(first -> assertThat(first).startsWith("No"));
        assertThat(text).contains("understood: GET_STATE " + KITCHEN_LIGHT)
                .contains("SPARQL:")
                .contains("SELECT ?thing")
                .contains("<https://twingraph.io/thing/" + KITCHEN_LIGHT + ">")
                .contains("status: ANSWERED");
    }

    @Test
    void aDryRunPrintsThePlanSendsNothingAndExitsZero() throws Exception {
        int code = run("ask", "--data", data.toString(), "--dry-run", "turn on the kitchen light");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("I would turn on Kitchen light.")
                .contains("light/on = true: planned")
                .contains("status: PLANNED");
        Thread.sleep(500);
        assertThat(kitchenLightOn()).as("nothing was sent").isFalse();
    }

    @Test
    void jsonPrintsTheRawReplyAndAConversationCarriesAFollowUp() throws Exception {
        assertThat(run("ask", "--server", app.httpUrl(), "--token", app.adminToken(), "--json", "turn on the kitchen light")).as(err.toString()).isZero();
        JsonNode reply = Json.MAPPER.readTree(out.toString());
        assertThat(reply.path("status").asText()).isEqualTo("DONE");
        assertThat(reply.path("actions").get(0).path("outcome").asText()).isEqualTo("confirmed");
        assertThat(reply.has("millis")).isTrue();
        String conversation = reply.path("conversation").asText();
        assertThat(conversation).isNotBlank();
        assertThat(kitchenLightOn()).isTrue();

        assertThat(run("ask", "--server", app.httpUrl(), "--token", app.adminToken(), "--conversation", conversation, "turn it off"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("understood: TURN_OFF " + KITCHEN_LIGHT)
                .contains("conversation: " + conversation);
        assertThat(kitchenLightOn()).isFalse();
    }

    @Test
    void theSpeakersAreaPicksTheRoomsDevice() throws Exception {
        assertThat(run("ask", "--data", data.toString(), "--area", "Kitchen", "--dry-run", "turn on the light"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("understood: TURN_ON " + KITCHEN_LIGHT).contains(": planned");
    }

    @Test
    void aSentenceNotUnderstoodPrintsWhyAndExitsOne() {
        int code = run("ask", "--data", data.toString(), "flibber the wobblegong");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("I did not understand").contains("status: NOT_UNDERSTOOD");
    }

    @Test
    void anUnknownAreaIsRefusedWithTheServersMessageAndHintAndExitsTwo() {
        int code = run("ask", "--data", data.toString(), "--area", "Ballroom", "turn on the light");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("error: The home has no area called 'Ballroom'.").contains("[nl:area.unknown]")
                .contains("Known areas:").contains("Kitchen");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void textOverTheLimitIsRefusedAndExitsTwo() {
        assertThat(run("ask", "--data", data.toString(), "a".repeat(1001))).isEqualTo(2);
        assertThat(err.toString()).contains("[nl:text.too-long]").contains("Say one thing at a time.");
    }

    @Test
    void withoutARunningServerItSaysToStartOneAndExitsTwo(@TempDir Path empty) throws Exception {
        assertThat(run("ask", "--data", empty.toString(), "turn on the kitchen light")).isEqualTo(2);
        assertThat(err.toString()).contains("no TwinGraph is running").contains("./twingraph demo");

        assertThat(run("ask", "--server", "http://127.0.0.1:" + freePort(), "turn on the kitchen light")).isEqualTo(2);
        assertThat(err.toString()).contains("no TwinGraph is running at http://127.0.0.1:").contains("./twingraph demo");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsTheOptionsAndTheExitCodes() {
        assertThat(run("ask", "--help")).isZero();
        assertThat(out.toString()).contains("--conversation=ID").contains("--dry-run").contains("--area=NAME")
                .contains("--json").contains("Exit codes:").contains("0   DONE, ANSWERED, GOAL_SET, PLANNED")
                .contains("1   NOT_CONFIRMED").contains("2   the request was refused");
        assertThat(run("help")).isZero();
        assertThat(out.toString()).contains("ask");
    }
}
