package io.twingraph.twins.ditto.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.twingraph.twins.TwinCommand;

/**
 * The follower against a local fake of Ditto's HTTP API (search, things, SSE change stream), mirroring into a real
 * in-memory twin store through a one-thread writer. Ditto itself cannot run here: the fake replays Ditto's documented
 * messages (fixtures under {@code ditto/live/}).
 */
class DittoFollowerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String FANCY = "org.eclipse.ditto:fancy-thing";

    private FakeDitto ditto;
    private StoreWriter writer;
    private DittoHttp http;
    private DittoFollower follower;

    @BeforeEach
    void fakeDitto() {
        ditto = FakeDitto.start();
        FakeDittoFixtures.things().forEach(ditto::put);
        writer = new StoreWriter();
    }

    @AfterEach
    void stop() {
        if (follower != null) {
            follower.close();
        }
        if (http != null) {
            http.close();
        }
        writer.close();
        ditto.close();
    }

    private DittoSettings settings() {
        return DittoSettings.parse("ditto:" + ditto.url()).withTiming(new DittoSettings.Timing(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(5),
                Duration.ofMillis(500), 4));
    }

    private void follow(DittoSettings settings) throws InterruptedException {
        http = DittoHttp.open(settings, Clock.systemUTC());
        follower = DittoFollower.start(http, writer.store, writer);
        assertTrue(follower.awaitFollowing(WAIT), () -> "not following: " + follower.status());
    }

    private Optional<JsonValue> local(String thingId, String path) {
        return writer.store.get(ThingId.of(thingId)).flatMap(t -> t.toJson().getValue(JsonPointer.of(path)));
    }

    private void awaitLocal(String thingId, String path, JsonValue expected) {
        await().atMost(WAIT).until(() -> local(thingId, path).equals(Optional.of(expected)));
    }

    @Test
    void initialLoadPagesThroughTheSearchWithCursorsAndMirrorsEveryThing() throws Exception {
        follow(settings().withPageSize(2).withNamespaces(List.of("org.eclipse.ditto", "com.acme"))
                .withFilter("exists(features)"));

        await().atMost(WAIT).until(() -> writer.store.size() == 5);
        List<FakeDitto.Request> pages = ditto.requests("/api/2/search/things");
        assertEquals(3, pages.size(), "5 things, 2 per page");
        assertEquals("size(2)", pages.get(0).query().get("option"));
        assertTrue(pages.get(1).query().get("option").matches("size\\(2\\),cursor\\(.+\\)"), pages.get(1).query()::toString);
        assertTrue(pages.get(2).query().get("option").matches("size\\(2\\),cursor\\(.+\\)"));
        for (FakeDitto.Request page : pages) {
            assertEquals("org.eclipse.ditto,com.acme", page.query().get("namespaces"));
            assertEquals("exists(features)", page.query().get("filter"));
            assertTrue(page.query().get("fields").contains("_revision"));
        }
        FakeDitto.Request stream = ditto.requests("/api/2/things").stream()
                .filter(r -> "text/event-stream".equals(r.header("accept"))).findFirst().orElseThrow();
        assertEquals("thingId,_revision,_modified,_context", stream.query().get("fields"));
        assertEquals("exists(features)", stream.query().get("filter"));

        // each local twin is Ditto's thing (Ditto's bookkeeping fields aside)
        Thing fancy = writer.store.get(ThingId.of(FANCY)).orElseThrow();
        assertEquals(JsonValue.of(4711), fancy.toJson().getValue(JsonPointer.of("/attributes/complex/serialNo")).orElseThrow());
        assertEquals(JsonValue.of("com.acme:XDKmodel:1.0.0"),
                local("com.acme:xdk_53", "/definition").orElseThrow());
        DittoStatus status = follower.status();
        assertTrue(status.following());
        assertEquals(5, status.things());
        assertEquals(1, status.resyncs());
        assertEquals("CLOSED", status.breaker());
    }

    @Test
    void appliesDittosEventsInOrderAtTheirPaths() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);

        for (String name : List.of("lampOn", "locationCreated", "colorDeleted", "accelerometerMerged", "thingCreated",
                "thermostatDeleted")) {
            ditto.emit(FakeDittoFixtures.event(name));
        }

        await().atMost(WAIT).until(() -> writer.store.get(ThingId.of("org.eclipse.ditto:thermostat-1")).isEmpty());
        assertEquals(Optional.of(JsonValue.of(true)), local(FANCY, "/features/lamp/properties/on"));
        assertEquals(Optional.of(JsonValue.of(44.673856)), local(FANCY, "/attributes/location/latitude"));
        assertEquals(Optional.empty(), local(FANCY, "/features/lamp/properties/color"));
        assertEquals(Optional.of(JsonValue.of(4.2)), local("com.acme:xdk_53", "/features/accelerometer/properties/x"));
        assertEquals(Optional.empty(), local("com.acme:xdk_53", "/features/accelerometer/properties/unit"),
                "null in a merge patch removes the property");
        assertEquals(Optional.of(JsonValue.of(true)), local("org.eclipse.ditto:new-thing", "/features/light/properties/on"));
        DittoStatus status = follower.status();
        assertEquals(6, status.eventsApplied());
        assertEquals(0, status.thingsFetched(), "every event was the next revision: nothing fetched");
        assertEquals("org.eclipse.ditto:thermostat-1", status.lastEventThing());
        assertEquals(8, status.lastRevision());
        assertTrue(status.lastEventAt() != null);
    }

    @Test
    void dropsDuplicateAndOutOfOrderRevisions() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);

        JsonObject on = ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(true), true);      // rev 5
        JsonObject blue = ditto.modify(FANCY, "/features/lamp/properties/color", JsonValue.of("red"), true); // rev 6
        ditto.emit(on.toString());     // a repeat of rev 5: older than 6, dropped
        ditto.emit(blue.toString());   // a repeat of rev 6: dropped
        ditto.emit(FakeDittoFixtures.event("lampOn").replace("\"value\":true", "\"value\":false")); // an old rev 5
        JsonObject last = ditto.modify(FANCY, "/features/lamp/properties/color", JsonValue.of("green"), true); // rev 7

        awaitLocal(FANCY, "/features/lamp/properties/color", JsonValue.of("green"));
        assertEquals(Optional.of(JsonValue.of(true)), local(FANCY, "/features/lamp/properties/on"),
                "the stale rev 5 saying off was dropped");
        DittoStatus status = follower.status();
        assertEquals(3, status.eventsDropped());
        assertEquals(3, status.eventsApplied());
        assertEquals(0, status.thingsFetched());
        assertEquals(7, last.getValue("_revision").orElseThrow().asLong());
    }

    @Test
    void aGapInTheRevisionsFetchesTheThingAndReplacesIt() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);

        // two changes whose events are lost, then one that arrives: rev 4 -> 7
        ditto.modify(FANCY, "/features/lamp/properties/color", JsonValue.of("red"), false);
        ditto.modify(FANCY, "/attributes/manufacturer", JsonValue.of("Bosch"), false);
        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(true), true);

        awaitLocal(FANCY, "/attributes/manufacturer", JsonValue.of("Bosch"));
        assertEquals(Optional.of(JsonValue.of("red")), local(FANCY, "/features/lamp/properties/color"));
        assertEquals(Optional.of(JsonValue.of(true)), local(FANCY, "/features/lamp/properties/on"));
        assertEquals(1, ditto.requests("/api/2/things/" + FANCY).size(), "the thing was fetched once");
        assertEquals(1, follower.status().thingsFetched());

        // the next event continues from the fetched revision
        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(false), true);
        awaitLocal(FANCY, "/features/lamp/properties/on", JsonValue.of(false));
        assertEquals(1, follower.status().thingsFetched());
    }

    @Test
    void afterADisconnectItReconnectsWithBackoffAndResynchronises() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);
        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(true), true);
        awaitLocal(FANCY, "/features/lamp/properties/on", JsonValue.of(true));

        // changes whose notifications are lost (as if sent while the connection was broken): one changes, one goes,
        // one comes; then Ditto closes the stream in the middle
        ditto.modify(FANCY, "/features/lamp/properties/color", JsonValue.of("red"), false);
        ditto.remove("org.eclipse.ditto:sensor-a");
        ditto.put(JsonFactory.readFrom("{\"thingId\":\"org.eclipse.ditto:sensor-c\",\"policyId\":\"org.eclipse.ditto:sensor-c\","
                + "\"features\":{\"co2\":{\"properties\":{\"value\":612}}},\"_revision\":1}").asObject());
        assertEquals(Optional.of(JsonValue.of("blue")), local(FANCY, "/features/lamp/properties/color"));
        ditto.dropStreams();

        await().atMost(WAIT).until(() -> follower.status().resyncs() >= 2 && follower.status().following()
                && local("org.eclipse.ditto:sensor-c", "/features/co2/properties/value").isPresent());
        // whatever changed while disconnected was resynchronised, nothing was missed
        await().atMost(WAIT).until(() -> writer.store.get(ThingId.of("org.eclipse.ditto:sensor-a")).isEmpty());
        awaitLocal(FANCY, "/features/lamp/properties/color", JsonValue.of("red"));
        assertEquals(Optional.of(JsonValue.of(true)), local(FANCY, "/features/lamp/properties/on"));
        assertEquals(5, writer.store.size());
        assertTrue(ditto.requests("/api/2/search/things").size() >= 2, "the search ran again");

        // and the new stream carries on
        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(false), true);
        awaitLocal(FANCY, "/features/lamp/properties/on", JsonValue.of(false));
    }

    @Test
    void aResyncLeavesUnchangedTwinsAlone() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);
        long before = writer.store.get(ThingId.of(FANCY)).orElseThrow().getRevision().orElseThrow().toLong();
        int submittedBefore = writer.submitted.get();

        ditto.dropStreams();
        await().atMost(WAIT).until(() -> follower.status().resyncs() >= 2 && follower.status().following());

        assertEquals(submittedBefore, writer.submitted.get(), "nothing changed in Ditto, nothing was written");
        assertEquals(before, writer.store.get(ThingId.of(FANCY)).orElseThrow().getRevision().orElseThrow().toLong());
    }

    @Test
    void aChangeTheLocalStoreRefusesMakesItFetchTheThing() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);
        // the local twin drifts: its lamp feature is gone (as if changed behind the follower's back)
        writer.submit(new TwinCommand.Delete(ThingId.of(FANCY), JsonPointer.of("/features/lamp"),
                TwinCommand.Origin.SYSTEM, "drift")).toCompletableFuture().join();

        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(true), true);

        awaitLocal(FANCY, "/features/lamp/properties/on", JsonValue.of(true));
        assertEquals(Optional.of(JsonValue.of("blue")), local(FANCY, "/features/lamp/properties/color"),
                "the whole thing came back from Ditto");
        assertEquals(1, follower.status().thingsFetched());
    }

    @Test
    void sendsBasicCredentialsToEveryEndpoint() throws Exception {
        ditto.requireAuthorization("Basic ZGl0dG86ZGl0dG8="); // ditto:ditto, Ditto's default nginx user
        follow(settings().withAuth(DittoSettings.Auth.basic("ditto", "ditto")));
        await().atMost(WAIT).until(() -> writer.store.size() == 5);
        assertTrue(ditto.requests("/api/2/").stream()
                .allMatch(r -> "Basic ZGl0dG86ZGl0dG8=".equals(r.header("authorization"))));
    }

    @Test
    void sendsABearerTokenAndReportsARefusedOne() throws Exception {
        ditto.requireAuthorization("Bearer good-token");
        http = DittoHttp.open(settings().withAuth(DittoSettings.Auth.bearer("bad-token")), Clock.systemUTC());
        follower = DittoFollower.start(http, writer.store, writer);

        assertFalse(follower.awaitFollowing(Duration.ofSeconds(1)));
        DittoStatus status = follower.status();
        assertTrue(status.lastError() != null && status.lastError().contains("401"), status::toString);
        assertEquals(0, writer.store.size());
        assertTrue(ditto.requests("/api/2/").stream().allMatch(r -> "Bearer bad-token".equals(r.header("authorization"))));
        follower.close();
        http.close();

        http = DittoHttp.open(settings().withAuth(DittoSettings.Auth.bearer("good-token")), Clock.systemUTC());
        follower = DittoFollower.start(http, writer.store, writer);
        assertTrue(follower.awaitFollowing(WAIT));
        await().atMost(WAIT).until(() -> writer.store.size() == 5);
    }

    @Test
    void whenDittoIsDownTheBreakerOpensTheLastStateStaysAndItComesBack() throws Exception {
        follow(settings());
        await().atMost(WAIT).until(() -> writer.store.size() == 5);
        Instant loadedAt = Instant.now();

        ditto.down();
        await().atMost(WAIT).until(() -> "OPEN".equals(follower.status().breaker()));
        DittoStatus down = follower.status();
        assertEquals(DittoStatus.State.DISCONNECTED, down.state());
        assertFalse(down.following());
        assertTrue(down.lastErrorAt() != null && !down.lastErrorAt().isBefore(loadedAt.minusSeconds(1)));
        assertEquals(5, writer.store.size(), "the last known twins are still served");
        assertEquals(Optional.of(JsonValue.of(false)), local(FANCY, "/features/lamp/properties/on"));

        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(true), false); // changed while away
        ditto.up();
        await().atMost(WAIT).until(() -> follower.status().following());
        awaitLocal(FANCY, "/features/lamp/properties/on", JsonValue.of(true));
        assertEquals("CLOSED", follower.status().breaker());
    }

    @Test
    void aStreamThatGoesSilentIsTakenForDeadAndReopened() throws Exception {
        follow(settings().withTiming(new DittoSettings.Timing(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(1), 4)));
        Thread.sleep(2_000); // heartbeats every 200 ms keep it open past the 1 s idle limit
        assertEquals(1, follower.status().resyncs());

        ditto.silent(true); // the connection stays up but nothing comes, not even heartbeats
        await().atMost(WAIT).until(() -> follower.status().lastError() != null
                && follower.status().lastError().contains("ditto:stream.idle"));
        ditto.silent(false);
        await().atMost(WAIT).until(() -> follower.status().resyncs() >= 2 && follower.status().following());
        ditto.modify(FANCY, "/features/lamp/properties/on", JsonValue.of(true), true);
        awaitLocal(FANCY, "/features/lamp/properties/on", JsonValue.of(true));
    }
}
