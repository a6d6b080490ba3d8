package io.twingraph.twins.ditto.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeviceCommand;

/** Commands back through Ditto, against the local fake of Ditto's HTTP API. */
class DittoCommandSenderTest {
    private static final ThingId FANCY = ThingId.of("org.eclipse.ditto:fancy-thing");
    private static final Thing TARGET = ThingsModelFactory.newThing(FakeDittoFixtures.thing(FANCY.toString()));

    private FakeDitto ditto;
    private DittoHttp http;

    @BeforeEach
    void fakeDitto() {
        ditto = FakeDitto.start();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        ditto.close();
    }

    private DittoCommandSender sender(DittoSettings settings) {
        http = DittoHttp.open(settings, Clock.systemUTC());
        return new DittoCommandSender(http);
    }

    private DittoSettings settings() {
        return DittoSettings.parse("ditto:" + ditto.url() + "/").withTiming(new DittoSettings.Timing(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(3),
                Duration.ofSeconds(30), 4));
    }

    private static DeviceCommand lampOn(String correlationId) {
        return new DeviceCommand(FANCY, JsonPointer.of("/features/lamp/properties/on"), JsonValue.of(true), correlationId);
    }

    @Test
    void twinModePutsTheValueOnThePropertyWithTheCorrelationIdAndCredentials() {
        DittoCommandSender sender = sender(settings().withAuth(DittoSettings.Auth.bearer("t0ken")));

        sender.send(lampOn("rule-42"), TARGET);
        sender.send(new DeviceCommand(FANCY, JsonPointer.of("/features/lamp/properties/color/rgb"),
                JsonFactory.readFrom("[255, 0, 0]"), "nl-7"), TARGET);

        var puts = ditto.requests("/api/2/things/");
        assertEquals(2, puts.size());
        FakeDitto.Request put = puts.get(0);
        assertEquals("PUT", put.method());
        assertEquals("/api/2/things/org.eclipse.ditto:fancy-thing/features/lamp/properties/on", put.path());
        assertEquals("true", put.body());
        assertEquals("rule-42", put.header("correlation-id"));
        assertEquals("application/json", put.header("content-type"));
        assertEquals("Bearer t0ken", put.header("authorization"));
        assertEquals("3000ms", put.query().get("timeout"));
        assertEquals(null, put.query().get("channel"), "the twin channel is Ditto's default");
        assertEquals("/api/2/things/org.eclipse.ditto:fancy-thing/features/lamp/properties/color/rgb", puts.get(1).path());
        assertEquals("[255,0,0]", puts.get(1).body());
        assertEquals(2, sender.sent());
    }

    @Test
    void liveModeAsksForTheLiveChannel() {
        sender(settings().withCommandMode(DittoSettings.CommandMode.LIVE)).send(lampOn("c1"), TARGET);
        FakeDitto.Request put = ditto.requests("/api/2/things/").get(0);
        assertEquals("PUT", put.method());
        assertEquals("live", put.query().get("channel"));
        assertEquals("c1", put.header("correlation-id"));
    }

    @Test
    void messageModePostsALiveMessageToTheFeatureInbox() {
        sender(settings().withCommandMode(DittoSettings.CommandMode.MESSAGE).withMessageSubject("set"))
                .send(lampOn("c2"), TARGET);
        FakeDitto.Request post = ditto.requests("/api/2/things/").get(0);
        assertEquals("POST", post.method());
        assertEquals("/api/2/things/org.eclipse.ditto:fancy-thing/features/lamp/inbox/messages/set", post.path());
        assertEquals(JsonObject.newBuilder().set("path", "/on").set("value", true).build(),
                JsonFactory.readFrom(post.body()));
        assertEquals("3", post.query().get("timeout"));
        assertEquals("c2", post.header("correlation-id"));
    }

    @Test
    void dittosErrorRepliesFailTheSendWithDittosOwnError() {
        DittoCommandSender sender = sender(settings());
        ditto.answerCommands(r -> new FakeDitto.Reply(403, FakeDittoFixtures.error("propertyNotModifiable")));
        DittoRuntimeException forbidden = assertThrows(DittoRuntimeException.class,
                () -> sender.send(lampOn("c3"), TARGET));
        assertEquals("things:feature.property.notmodifiable", forbidden.getErrorCode());
        assertEquals(403, forbidden.getHttpStatus().getCode());
        assertEquals("c3", forbidden.getDittoHeaders().getCorrelationId().orElseThrow());

        ditto.answerCommands(r -> new FakeDitto.Reply(404, FakeDittoFixtures.error("featureNotFound")));
        DittoRuntimeException missing = assertThrows(DittoRuntimeException.class, () -> sender.send(lampOn("c4"), TARGET));
        assertEquals("things:feature.notfound", missing.getErrorCode());
        assertEquals(404, missing.getHttpStatus().getCode());
        assertEquals(2, sender.failed());
        assertEquals("CLOSED", http.breakerState().name(), "Ditto answering 4xx is not Ditto being down");
    }

    @Test
    void aReplyThatIsNoDittoErrorFailsWithItsStatus() {
        DittoCommandSender sender = sender(settings());
        ditto.answerCommands(r -> new FakeDitto.Reply(502, "<html>Bad Gateway</html>"));
        TwinGraphException e = assertThrows(TwinGraphException.class, () -> sender.send(lampOn("c5"), TARGET));
        assertEquals("ditto:http.502", e.code());
        assertEquals(TwinGraphException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("c5"), e::getMessage);
    }

    @Test
    void whenDittoIsDownSendsFailAndTheBreakerThenFailsThemFast() {
        DittoCommandSender sender = sender(settings());
        ditto.down();
        for (int i = 0; i < 2; i++) {
            TwinGraphException e = assertThrows(TwinGraphException.class, () -> sender.send(lampOn("d"), TARGET));
            assertEquals("ditto:unavailable", e.code());
        }
        assertEquals("OPEN", http.breakerState().name(), "2 of a window of 4 failed");
        TwinGraphException fast = assertThrows(TwinGraphException.class, () -> sender.send(lampOn("d"), TARGET));
        assertEquals("ditto:circuit.open", fast.code());
        assertEquals(TwinGraphException.Kind.UNAVAILABLE, fast.kind());
        assertTrue(http.lastError().orElseThrow().message().contains("circuit"));
        ditto.up();
    }
}
