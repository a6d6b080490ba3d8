package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.junit.jupiter.api.Test;

class TelemetryTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-12T10:00:00Z");
    private static final Duration HEARTBEAT = Duration.ofMinutes(5);

    private static JsonObject json(String text) {
        return JsonFactory.readFrom(text).asObject();
    }

    @Test
    void smallDriftsStayQuietUntilTheyAddUpAndStatesAlwaysReport() {
        TelemetryTracker tracker = new TelemetryTracker(T0);
        JsonObject first = json("{\"environment\":{\"temperature\":20.0,\"co2\":500},\"presence\":{\"occupied\":false}}");
        assertThat(tracker.due(first, T0, HEARTBEAT)).isEqualTo(first);

        Instant t = T0.plusSeconds(10);
        assertThat(tracker.due(json("{\"environment\":{\"temperature\":20.1,\"co2\":510},\"presence\":{\"occupied\":false}}"),
                t, HEARTBEAT)).isEmpty();
        assertThat(tracker.due(json("{\"environment\":{\"temperature\":20.2,\"co2\":515},\"presence\":{\"occupied\":true}}"),
                t.plusSeconds(10), HEARTBEAT))
                .isEqualTo(json("{\"environment\":{\"temperature\":20.2},\"presence\":{\"occupied\":true}}"));
    }

    @Test
    void powerUsesARelativeBandAndDroppingToZeroAlwaysCounts() {
        TelemetryTracker tracker = new TelemetryTracker(T0);
        tracker.due(json("{\"meter\":{\"power\":2000}}"), T0, HEARTBEAT);
        Instant t = T0.plusSeconds(10);
        assertThat(tracker.due(json("{\"meter\":{\"power\":2080}}"), t, HEARTBEAT)).isEmpty();
        assertThat(tracker.due(json("{\"meter\":{\"power\":2150}}"), t, HEARTBEAT)).isNotEmpty();
        assertThat(tracker.due(json("{\"meter\":{\"power\":0}}"), t, HEARTBEAT)).isNotEmpty();
        assertThat(tracker.due(json("{\"meter\":{\"power\":3}}"), t, HEARTBEAT)).isNotEmpty();
    }

    @Test
    void theHeartbeatRepeatsEverythingOncePerInterval() {
        TelemetryTracker tracker = new TelemetryTracker(T0);
        JsonObject state = json("{\"light\":{\"on\":true,\"brightness\":80}}");
        tracker.due(state, T0, HEARTBEAT);
        assertThat(tracker.due(state, T0.plus(HEARTBEAT).minusSeconds(1), HEARTBEAT)).isEmpty();
        assertThat(tracker.due(state, T0.plus(HEARTBEAT), HEARTBEAT)).isEqualTo(state);
        assertThat(tracker.due(state, T0.plus(HEARTBEAT).plusSeconds(10), HEARTBEAT)).isEmpty();
    }
}
