package io.twingraph.twins.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinCommand.Origin;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinStore;

class TwinStoreTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:05Z");

    private static Thing lamp() {
        return ThingsModelFactory.newThing("""
                {"thingId":"home1:lamp","attributes":{"name":"Lamp"},
                 "features":{"light":{"properties":{"on":false,"brightness":0}}}}""");
    }

    private static TwinCommand.Modify modify(String path, String json) {
        return new TwinCommand.Modify(LAMP, JsonPointer.of(path), JsonFactory.readFrom(json), Origin.API, "c1");
    }

    @Test
    void puttingAThingCreatesItAtRevisionOneAndReplacingItRaisesTheRevision() {
        try (TwinStore store = TwinStore.inMemory()) {
            TwinEvent created = store.apply(modify("/", lamp().toJsonString()), T0);
            TwinEvent replaced = store.apply(modify("/", lamp().toJsonString()), T1);

            assertThat(created.action()).isEqualTo(TwinEvent.Action.CREATED);
            assertThat(created.revision()).isEqualTo(1);
            assertThat(replaced.action()).isEqualTo(TwinEvent.Action.MODIFIED);
            assertThat(replaced.revision()).isEqualTo(2);
            Thing stored = store.get(LAMP).orElseThrow();
            assertThat(stored.getCreated()).contains(T0);
            assertThat(stored.getModified()).contains(T1);
        }
    }

    @Test
    void settingANewPropertyIsACreationAndAnExistingOneAModification() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(modify("/", lamp().toJsonString()), T0);

            TwinEvent added = store.apply(modify("/features/light/properties/colour", "\"red\""), T1);
            TwinEvent changed = store.apply(modify("/features/light/properties/on", "true"), T1);

            assertThat(added.action()).isEqualTo(TwinEvent.Action.CREATED);
            assertThat(changed.action()).isEqualTo(TwinEvent.Action.MODIFIED);
            assertThat(changed.before().getFeatures().orElseThrow().getFeature("light").orElseThrow()
                    .getProperty("on")).contains(JsonValue.of(false));
            assertThat(store.get(LAMP).orElseThrow().toJson().getValue("features/light/properties/on"))
                    .contains(JsonValue.of(true));
        }
    }

    @Test
    void aPropertyOfAMissingFeatureIsDittosFeatureNotFound() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(modify("/", lamp().toJsonString()), T0);

            assertThatThrownBy(() -> store.apply(modify("/features/heater/properties/on", "true"), T1))
                    .isInstanceOfSatisfying(DittoRuntimeException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo("things:feature.notfound");
                        assertThat(e.getHttpStatus().getCode()).isEqualTo(404);
                    });
        }
    }

    @Test
    void anyChangeToAMissingThingIsDittosThingNotFound() {
        try (TwinStore store = TwinStore.inMemory()) {
            assertThatThrownBy(() -> store.apply(new TwinCommand.Merge(LAMP, JsonPointer.of("/attributes"),
                    JsonObject.of("{\"a\":1}"), Origin.API, "c"), T0))
                    .isInstanceOfSatisfying(DittoRuntimeException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo("things:thing.notfound"));
        }
    }

    @Test
    void creatingAThingTwiceIsAConflict() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(new TwinCommand.Create(LAMP, lamp(), Origin.API, "c"), T0);

            assertThatThrownBy(() -> store.apply(new TwinCommand.Create(LAMP, lamp(), Origin.API, "c"), T1))
                    .isInstanceOfSatisfying(DittoRuntimeException.class,
                            e -> assertThat(e.getHttpStatus().getCode()).isEqualTo(409));
        }
    }

    @Test
    void aMergePatchWithNullRemovesAndOtherwiseMerges() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(modify("/", lamp().toJsonString()), T0);

            store.apply(new TwinCommand.Merge(LAMP, JsonPointer.empty(),
                    JsonObject.of("{\"attributes\":{\"name\":null,\"room\":\"kitchen\"}}"), Origin.API, "c"), T1);

            JsonObject attributes = store.get(LAMP).orElseThrow().getAttributes().orElseThrow();
            assertThat(attributes.getKeys()).extracting(Object::toString).containsExactly("room");
            assertThat(attributes.getValue("room")).contains(JsonValue.of("kitchen"));
        }
    }

    @Test
    void deviceTelemetryMustKeepEachPropertysType() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(modify("/", lamp().toJsonString()), T0);

            TwinEvent ok = store.apply(TwinCommand.telemetry(LAMP, JsonObject.of("{\"light\":{\"brightness\":40}}"), "t1"), T1);
            assertThat(ok.action()).isEqualTo(TwinEvent.Action.MERGED);

            assertThatThrownBy(() -> store.apply(
                    TwinCommand.telemetry(LAMP, JsonObject.of("{\"light\":{\"brightness\":\"bright\"}}"), "t2"), T1))
                    .isInstanceOfSatisfying(TwinGraphException.class, e -> {
                        assertThat(e.code()).isEqualTo("twins:telemetry.type");
                        assertThat(e.getMessage()).contains("/features/light/properties/brightness", "a string", "a number");
                    });
            assertThatThrownBy(() -> store.apply(
                    TwinCommand.telemetry(LAMP, JsonObject.of("{\"light\":{\"on\":null}}"), "t3"), T1))
                    .isInstanceOf(TwinGraphException.class);
            assertThat(store.get(LAMP).orElseThrow().toJson().getValue("features/light/properties/brightness"))
                    .contains(JsonValue.of(40));
        }
    }

    @Test
    void aThingBodyThatIsNotAThingIsAnInvalidPayloadNotACrash() {
        try (TwinStore store = TwinStore.inMemory()) {
            assertThatThrownBy(() -> store.apply(modify("/", "{\"features\":{\"light\":42}}"), T0))
                    .isInstanceOfSatisfying(TwinGraphException.class,
                            e -> assertThat(e.code()).isEqualTo("things:payload.invalid"));
            assertThat(store.get(LAMP)).isEmpty();
        }
    }

    @Test
    void pathsOutsideDittosThingModelAreRejected() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(modify("/", lamp().toJsonString()), T0);

            assertThatThrownBy(() -> store.apply(modify("/colour", "1"), T1))
                    .isInstanceOfSatisfying(TwinGraphException.class,
                            e -> assertThat(e.code()).isEqualTo("things:path.invalid"));
        }
    }

    @Test
    void deletingAMissingAttributeIsDittosAttributeNotFoundAndDeletingTheThingRemovesIt() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(modify("/", lamp().toJsonString()), T0);

            assertThatThrownBy(() -> store.apply(new TwinCommand.Delete(LAMP, JsonPointer.of("/attributes/nope"),
                    Origin.API, "c"), T1))
                    .isInstanceOfSatisfying(DittoRuntimeException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo("things:attribute.notfound"));

            TwinEvent deleted = store.apply(new TwinCommand.Delete(LAMP, JsonPointer.empty(), Origin.API, "c"), T1);
            assertThat(deleted.action()).isEqualTo(TwinEvent.Action.DELETED);
            assertThat(deleted.after()).isNull();
            assertThat(store.get(LAMP)).isEmpty();
        }
    }

    @Test
    void committedTwinsSurviveReopening(@TempDir Path dir) {
        Path file = dir.resolve("twins.mv");
        try (TwinStore store = TwinStore.open(file)) {
            store.apply(modify("/", lamp().toJsonString()), T0);
            store.apply(modify("/features/light/properties/on", "true"), T1);
            store.commit();
        }
        try (TwinStore reopened = TwinStore.open(file)) {
            Thing lamp = reopened.get(LAMP).orElseThrow();
            assertThat(lamp.getRevision().orElseThrow().toLong()).isEqualTo(2);
            assertThat(lamp.getModified()).contains(T1);
            assertThat(lamp.toJson().getValue("features/light/properties/on")).contains(JsonValue.of(true));
        }
    }
}
