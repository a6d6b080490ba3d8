package io.twingraph.twins.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonMergePatch;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.CommandValues;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.FuzzedCommands;
import io.twingraph.twins.TwinCommand;

/**
 * Fuzzes what a device publishes on {@code {prefix}/{thingId}/telemetry}, decoded as {@link MqttConnector} does
 * ({@link TelemetryCodec#decode} then {@link TwinCommand#telemetry}), and the plain command payload going the other
 * way. A payload is either refused as {@code twins:payload.malformed} (kind INVALID, which the connector dead-letters)
 * or decoded into a non-empty object of feature objects that Ditto's thing model accepts (ids and keys), that survives
 * writing and reading back unchanged, and whose merge patch sets exactly those features' properties: never another
 * exception. A plain command is refused only as {@code twins:command.invalid} (a number JSON cannot write) or reads
 * back as its feature, property and value.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code TelemetryCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class TelemetryCodecFuzzTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");

    @BeforeAll
    static void replayWithoutHooks() {
        // Replaying seeds needs none of Jazzer's sanitizer and comparison hooks, which cost 15-25 s a JVM here;
        // fuzzing (JAZZER_FUZZ set) keeps them: they guide the fuzzer and find injections.
        if (System.getenv("JAZZER_FUZZ") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"{", "}", "[", "]", ":", ",", "\"", "\\u0000", "\\ud800", "true", "false", "null", "1e400",
            "-0", "1.5E-400", "\"light\"", "\"on\"", "\"brightness\"", "\"a/b\"", "\"\"", "\"properties\""})
    void aTelemetryPayloadIsAFeatureMergeOrMalformed(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonObject features;
        try {
            features = TelemetryCodec.decode(text);
        } catch (TwinGraphException e) {
            assertThat(e.code()).isEqualTo("twins:payload.malformed");
            assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.INVALID);
            return;
        }
        assertThat(features.isEmpty()).isFalse();
        features.forEach(f -> assertThat(f.getValue().isObject()).as("feature %s", f.getKey()).isTrue());
        // what the twin store will build from it: Ditto's model takes every feature id and property key, and the
        // properties merged as the store merges them are JSON that reads back (1e400 would become Infinity)
        features.forEach(f -> ThingsModelFactory.newFeature(f.getKey().toString(),
                ThingsModelFactory.newFeatureProperties(f.getValue().asObject())));
        features.forEach(f -> JsonFactory.readFrom(
                JsonMergePatch.of(JsonPointer.empty(), f.getValue()).applyOn(JsonObject.empty()).toString()));

        // what is journaled and shown is the JSON text: it must read back as the same telemetry
        assertThat((Object) TelemetryCodec.decode(features.toString())).isEqualTo(features);

        TwinCommand.Merge merge = TwinCommand.telemetry(LAMP, features, null);
        assertThat((Object) merge.thingId()).isEqualTo(LAMP);
        assertThat((Object) merge.path()).isEqualTo(JsonPointer.of("/features"));
        assertThat(merge.origin()).isEqualTo(TwinCommand.Origin.DEVICE);
        assertThat(merge.patch().isObject()).isTrue();
        Map<JsonKey, JsonValue> expected = new LinkedHashMap<>();
        features.forEach(f -> expected.put(f.getKey(), JsonObject.newBuilder()
                .set(JsonKey.of("properties"), f.getValue()).build()));
        assertThat(fields(merge.patch().asObject())).as("merge patch of %s", text).isEqualTo(expected);
    }

    @FuzzTest(maxDuration = "30s")
    void aPlainCommandReadsBackAsItsFeaturePropertyAndValue(FuzzedDataProvider data) {
        String featureId = data.consumeString(40);
        String property = data.consumeString(40);
        JsonValue value = FuzzedCommands.jsonValue(data.consumeRemainingAsString());
        DeviceCommand command = FuzzedCommands.command(LAMP, featureId, property, value, "c-1");
        if (command == null) {
            return;
        }

        String payload;
        try {
            payload = TelemetryCodec.encode(command);
        } catch (TwinGraphException e) {
            assertThat(e.code()).isEqualTo(CommandValues.INVALID);
            return;
        }
        JsonObject decoded = TelemetryCodec.decode(payload);
        assertThat(fields(decoded).keySet()).containsExactly(JsonKey.of(featureId));
        JsonObject properties = decoded.getValue(JsonKey.of(featureId)).orElseThrow().asObject();
        assertThat((Object) properties.getValue(JsonKey.of(property)).orElseThrow()).isEqualTo(value);
    }

    private static Map<JsonKey, JsonValue> fields(JsonObject object) {
        Map<JsonKey, JsonValue> out = new LinkedHashMap<>();
        object.forEach(f -> out.put(f.getKey(), f.getValue()));
        return out;
    }
}
