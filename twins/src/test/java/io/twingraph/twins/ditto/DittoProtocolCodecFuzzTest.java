package io.twingraph.twins.ditto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.eclipse.ditto.base.model.entity.id.WithEntityId;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyFeatureProperty;
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
 * Fuzzes {@link DittoProtocolCodec}: what a device publishes on {@code {prefix}/{thingId}/ditto} (decoded and turned
 * into a twin command as the MQTT connector does), and the live commands TwinGraph sends. A message is either refused
 * with a {@link TwinGraphException} of kind INVALID ({@code twins:payload.malformed} from {@code decode},
 * {@code twins:ditto.unsupported} from {@code toTwinCommand}) or becomes a twin command about the thing the message
 * names, the same command after writing the signal back as a Ditto Protocol message and reading it again; a live
 * command is refused only as {@code twins:command.invalid} (a number JSON cannot write, a '~' in its path) or reads back
 * as the property, value and correlation id it was made from.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code DittoProtocolCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class DittoProtocolCodecFuzzTest {
    private static final DittoProtocolCodec CODEC = new DittoProtocolCodec();
    private static final Set<String> REFUSALS = Set.of("twins:payload.malformed", "twins:ditto.unsupported");

    @BeforeAll
    static void replayWithoutHooks() {
        // Replaying seeds needs none of Jazzer's sanitizer and comparison hooks, which cost 15-25 s a JVM here;
        // fuzzing (JAZZER_FUZZ set) keeps them: they guide the fuzzer and find injections.
        if (System.getenv("JAZZER_FUZZ") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"\"topic\"", "\"path\"", "\"value\"", "\"headers\"", "\"status\"", "\"extra\"", "\"fields\"",
            "home1/lamp/things/twin/commands/modify", "home1/lamp/things/twin/commands/merge",
            "home1/lamp/things/twin/commands/create", "home1/lamp/things/twin/commands/delete",
            "home1/lamp/things/live/commands/modify", "home1/lamp/things/twin/events/modified",
            "_/_/things/twin/search/subscribe", "home1/lamp/policies/commands/create", "home1/lamp/things/live/messages/x",
            "\"/\"", "\"/features\"", "\"/features/light/properties/on\"", "\"/attributes\"", "\"/policyId\"",
            "\"/definition\"", "\"/features/light/definition\"", "\"/features/light/desiredProperties\"",
            "\"correlation-id\"", "\"content-type\"", "application/merge-patch+json", "\"thingId\"", "\"policyId\"",
            "\"_created\"", "\"_revision\"", "null", "true", "{}", "[]", "1e400", "~0", "~1"})
    void aDittoMessageIsATwinCommandOrRefused(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        DittoProtocolCodec.Decoded decoded;
        try {
            decoded = CODEC.decode(text);
        } catch (TwinGraphException e) {
            assertRefusal(e, "twins:payload.malformed");
            return;
        }
        assertThat(decoded.adaptable()).isNotNull();
        assertThat(decoded.signal()).isNotNull();
        assertThat(decoded.channel()).isNotNull();

        TwinCommand command = twinCommand(decoded);
        if (command == null) {
            return;
        }
        assertThat((Object) ((WithEntityId) decoded.signal()).getEntityId()).isEqualTo(command.thingId());
        assertThat(command.origin()).isEqualTo(TwinCommand.Origin.DEVICE);
        assertThat(command.correlationId()).isNotNull();
        decoded.signal().getDittoHeaders().getCorrelationId()
                .ifPresent(id -> assertThat(command.correlationId()).isEqualTo(id));

        // written back and read again, the message stands for the same twin command
        String again = CODEC.encode(decoded.signal(), decoded.channel());
        TwinCommand reread = CODEC.toTwinCommand(CODEC.decode(again), TwinCommand.Origin.DEVICE);
        assertThat(withCorrelationId(reread, command.correlationId())).as("re-encoded: %s", again).isEqualTo(command);
    }

    @FuzzTest(maxDuration = "30s")
    void aLiveCommandReadsBackAsItWasMade(FuzzedDataProvider data) {
        String featureId = data.consumeString(30);
        String property = data.consumeString(30);
        String correlationId = data.consumeString(60).trim();
        JsonValue value = FuzzedCommands.jsonValue(data.consumeRemainingAsString());
        ThingId thing = ThingId.of("home1:lamp");
        DeviceCommand command = FuzzedCommands.command(thing, featureId, property, value, correlationId);
        if (command == null || correlationId.isEmpty()) {
            return;   // the API makes a blank correlation id up
        }

        String message;
        try {
            message = CODEC.liveCommand(command);
        } catch (TwinGraphException e) {
            assertRefusal(e, CommandValues.INVALID);
            return;
        }
        DittoProtocolCodec.Decoded decoded = CODEC.decode(message);
        assertThat(decoded.channel()).isEqualTo(TopicPath.Channel.LIVE);
        assertThat(decoded.signal()).isInstanceOf(ModifyFeatureProperty.class);
        ModifyFeatureProperty modify = (ModifyFeatureProperty) decoded.signal();
        assertThat((CharSequence) modify.getEntityId()).isEqualTo(thing);
        assertThat(modify.getFeatureId()).isEqualTo(featureId);
        assertThat((Object) modify.getPropertyPointer()).isEqualTo(command.propertyPath());
        assertThat((Object) modify.getPropertyValue()).isEqualTo(value);
        assertThat(modify.getDittoHeaders().getCorrelationId()).contains(correlationId);
    }

    /** The twin command, or null when it was refused as the contract allows. */
    private static TwinCommand twinCommand(DittoProtocolCodec.Decoded decoded) {
        try {
            return CODEC.toTwinCommand(decoded, TwinCommand.Origin.DEVICE);
        } catch (TwinGraphException e) {
            assertRefusal(e, REFUSALS);
            return null;
        }
    }

    private static void assertRefusal(TwinGraphException e, String code) {
        assertRefusal(e, Set.of(code));
    }

    private static void assertRefusal(TwinGraphException e, Set<String> codes) {
        assertThat(e.code()).isIn(codes);
        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.INVALID);
        assertThat(e.getMessage()).isNotBlank();
    }

    private static TwinCommand withCorrelationId(TwinCommand c, String id) {
        if (c instanceof TwinCommand.Create create) {
            return new TwinCommand.Create(create.thingId(), create.thing(), create.origin(), id);
        }
        if (c instanceof TwinCommand.Modify modify) {
            return new TwinCommand.Modify(modify.thingId(), modify.path(), modify.value(), modify.origin(), id);
        }
        if (c instanceof TwinCommand.Merge merge) {
            return new TwinCommand.Merge(merge.thingId(), merge.path(), merge.patch(), merge.origin(), id);
        }
        TwinCommand.Delete delete = (TwinCommand.Delete) c;
        return new TwinCommand.Delete(delete.thingId(), delete.path(), delete.origin(), id);
    }
}
