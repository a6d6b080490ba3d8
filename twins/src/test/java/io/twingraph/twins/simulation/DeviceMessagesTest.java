package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyFeatureProperties;
import org.eclipse.ditto.things.model.signals.commands.query.RetrieveThing;
import org.junit.jupiter.api.Test;

import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.ditto.DittoProtocolCodec;

class DeviceMessagesTest {
    private static final ThingId PLUG = ThingId.of("home1:fridge-plug");
    private final DeviceMessages messages = new DeviceMessages();
    private final DittoProtocolCodec codec = new DittoProtocolCodec();

    private static String live(Signal<?> signal) {
        return ProtocolFactory.wrapAsJsonifiableAdaptable(
                DittoProtocolAdapter.newInstance().toAdaptable(signal, TopicPath.Channel.LIVE)).toJsonString();
    }

    private static JsonObject json(String text) {
        return JsonFactory.readFrom(text).asObject();
    }

    @Test
    void aOneFeatureReportIsATwinMergeOfThatFeaturesProperties() {
        String message = messages.dittoTelemetry(PLUG, json("{\"meter\":{\"power\":95.5}}"), "c-1");
        assertThat(JsonFactory.readFrom(message).asObject().getValue("topic"))
                .contains(JsonValue.of("home1/fridge-plug/things/twin/commands/merge"));

        TwinCommand.Merge merge = (TwinCommand.Merge) codec.toTwinCommand(codec.decode(message), TwinCommand.Origin.DEVICE);
        assertThat(merge.path().toString()).isEqualTo("/features/meter/properties");
        assertThat(merge.patch().toString()).isEqualTo("{\"power\":95.5}");
        assertThat(merge.correlationId()).isEqualTo("c-1");
    }

    @Test
    void aReportOfSeveralFeaturesMergesThemAllAtOnce() {
        String message = messages.dittoTelemetry(PLUG, json("{\"switch\":{\"on\":false},\"meter\":{\"power\":0}}"), null);
        TwinCommand.Merge merge = (TwinCommand.Merge) codec.toTwinCommand(codec.decode(message), TwinCommand.Origin.DEVICE);
        assertThat(merge.path().toString()).isEqualTo("/features");
        assertThat(merge.patch()).isEqualTo(json(
                "{\"switch\":{\"properties\":{\"on\":false}},\"meter\":{\"properties\":{\"power\":0}}}"));
    }

    @Test
    void dittoModifyAndMergeCommandsBecomeDesiredPropertyValues() {
        DeviceMessages.DittoCommand properties = messages.dittoCommand(live(ModifyFeatureProperties.of(PLUG, "switch",
                ThingsModelFactory.newFeatureProperties(json("{\"on\":true}")),
                DittoHeaders.newBuilder().correlationId("c-2").build())));
        assertThat(properties.thingId().toString()).isEqualTo(PLUG.toString());
        assertThat(properties.values()).containsExactly(new DeviceMessages.Desired("switch", "on", JsonValue.of(true)));
        assertThat(properties.correlationId()).isEqualTo("c-2");

        DeviceMessages.DittoCommand merge = messages.dittoCommand(live(MergeThing.of(PLUG, JsonPointer.empty(),
                json("{\"features\":{\"switch\":{\"properties\":{\"on\":false}}}}"), DittoHeaders.empty())));
        assertThat(merge.values()).containsExactly(new DeviceMessages.Desired("switch", "on", JsonValue.of(false)));
        assertThat(merge.correlationId()).isNull();
    }

    @Test
    void anythingButAFeaturePropertyChangeIsRefused() {
        assertThatThrownBy(() -> messages.dittoCommand(live(RetrieveThing.of(PLUG, DittoHeaders.empty()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.dittoCommand(live(MergeThing.withAttribute(PLUG, JsonPointer.of("name"),
                JsonValue.of("x"), DittoHeaders.empty())))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.plainCommand("{\"light\":true}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.plainCommand("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThat(messages.plainCommand("{\"light\":{\"on\":true,\"brightness\":5}}")).containsExactly(
                new DeviceMessages.Desired("light", "on", JsonValue.of(true)),
                new DeviceMessages.Desired("light", "brightness", JsonValue.of(5)));
    }
}
