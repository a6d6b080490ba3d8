package io.twingraph.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;


import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeJSON;
import org.mozilla.javascript.Scriptable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JavaScript payload mappings of deploy/compose/ditto/connection-mqtt.json, run in Rhino (the engine Ditto's
 * connectivity service uses) with the helper functions Ditto documents for its {@code Ditto} scope, and the result
 * parsed by Ditto's own protocol adapter: what a device publishes becomes a valid MergeThing of the right thing, and a
 * live command becomes TwinGraph's plain command payload.
 */
class DittoConnectionMappingTest {
    /** Ditto's documented helpers of the "Ditto" scope (connectivity-mapping.html), enough for our scripts. */
    private static final String DITTO_SCOPE = """
            var Ditto = {
              buildDittoProtocolMsg: function(namespace, id, group, channel, criterion, action, path, dittoHeaders, value) {
                return { topic: namespace + '/' + id + '/' + group + '/' + channel + '/' + criterion + '/' + action,
                         path: path, headers: dittoHeaders, value: value };
              },
              buildExternalMsg: function(headers, textPayload, bytePayload, contentType) {
                return { headers: headers, textPayload: textPayload, bytePayload: bytePayload, contentType: contentType };
              },
              arrayBufferToString: function(arrayBuffer) {
                return String.fromCharCode.apply(null, new Uint8Array(arrayBuffer));
              }
            };
            """;

    private final ObjectMapper json = new ObjectMapper();
    private Context cx;
    private Scriptable scope;
    private JsonNode connection;

    @BeforeEach
    void loadScripts() throws Exception {
        connection = json.readTree(DeployFiles.read("compose/ditto/connection-mqtt.json"));
        cx = Context.enter();
        // ECMAScript level of Rhino 1.7.x; no Java access from scripts, as in Ditto's sandbox
        cx.setLanguageVersion(Context.VERSION_ES6);
        scope = cx.initSafeStandardObjects();
        cx.evaluateString(scope, DITTO_SCOPE, "ditto-scope", 1, null);
        cx.evaluateString(scope, script("telemetry", "incomingScript"), "incoming", 1, null);
        cx.evaluateString(scope, script("plainCommand", "outgoingScript"), "outgoing", 1, null);
    }

    @AfterEach
    void exit() {
        Context.exit();
    }

    @Test
    void telemetry_on_a_thing_topic_becomes_a_merge_of_its_features_that_ditto_parses() throws Exception {
        String mapped = incoming("twingraph/org.example:lamp-1/telemetry",
                "{\"lamp\": {\"on\": true, \"brightness\": 80}, \"temperature\": {\"value\": 21.5}}");

        JsonObject message = JsonFactory.newObject(mapped);
        assertThat(message.getValue("topic")).hasValueSatisfying(
                t -> assertThat(t.asString()).isEqualTo("org.example/lamp-1/things/twin/commands/merge"));
        JsonifiableAdaptable adaptable = ProtocolFactory.jsonifiableAdaptableFromJson(message);
        Signal<?> signal = DittoProtocolAdapter.newInstance().fromAdaptable(adaptable);
        assertThat(signal).isInstanceOf(MergeThing.class);
        MergeThing merge = (MergeThing) signal;
        assertThat((Object) merge.getEntityId()).isEqualTo(ThingId.of("org.example:lamp-1"));
        assertThat((Object) merge.getPath()).isEqualTo(JsonPointer.empty());
        assertThat(merge.getValue().asObject().getValue("features/lamp/properties/brightness"))
                .hasValueSatisfying(v -> assertThat(v.asInt()).isEqualTo(80));
        assertThat(merge.getValue().asObject().getValue("features/temperature/properties/value"))
                .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(21.5));
    }

    @Test
    void other_topics_and_payloads_that_are_not_feature_objects_are_not_mapped() {
        assertThat(incoming("twingraph/org.example:lamp-1/ditto", "{\"lamp\": {\"on\": true}}")).isNull();
        assertThat(incoming("twingraph/lamp-without-namespace/telemetry", "{\"lamp\": {\"on\": true}}")).isNull();
        assertThat(incoming("other/org.example:lamp-1/telemetry", "{\"lamp\": {\"on\": true}}")).isNull();
        assertThat(incoming("twingraph/org.example:lamp-1/telemetry", "{\"lamp\": true}")).isNull();
        assertThat(incoming("twingraph/org.example:lamp-1/telemetry", "{}")).isNull();
        assertThat(incoming("twingraph/org.example:lamp-1/telemetry", "[1, 2]")).isNull();
    }

    @Test
    void a_live_command_on_a_feature_property_becomes_the_plain_command_payload() throws Exception {
        JsonNode out = outgoing("live", "commands", "modify", "/features/lamp/properties/on", "true");
        assertThat(out.get("contentType").asText()).isEqualTo("application/json");
        assertThat(json.readTree(out.get("textPayload").asText())).isEqualTo(json.readTree("{\"lamp\": {\"on\": true}}"));
    }

    @Test
    void nested_property_paths_and_escaped_pointer_segments_are_nested_objects() throws Exception {
        JsonNode out = outgoing("live", "commands", "modify", "/features/hvac/properties/setpoint~1day/value", "21");
        assertThat(json.readTree(out.get("textPayload").asText()))
                .isEqualTo(json.readTree("{\"hvac\": {\"setpoint/day\": {\"value\": 21}}}"));
    }

    @Test
    void merges_of_whole_features_carry_their_properties() throws Exception {
        JsonNode feature = outgoing("live", "commands", "merge", "/features/lamp", "{\"properties\": {\"on\": false}}");
        assertThat(json.readTree(feature.get("textPayload").asText())).isEqualTo(json.readTree("{\"lamp\": {\"on\": false}}"));
        JsonNode all = outgoing("live", "commands", "merge", "/features",
                "{\"lamp\": {\"properties\": {\"on\": false}}, \"plug\": {\"properties\": {\"power\": 0}}}");
        assertThat(json.readTree(all.get("textPayload").asText()))
                .isEqualTo(json.readTree("{\"lamp\": {\"on\": false}, \"plug\": {\"power\": 0}}"));
    }

    @Test
    void twin_events_retrieves_and_attribute_commands_are_not_sent_to_devices() {
        assertThat(outgoing("twin", "events", "modified", "/features/lamp/properties/on", "true")).isNull();
        assertThat(outgoing("live", "commands", "retrieve", "/features/lamp/properties/on", "true")).isNull();
        assertThat(outgoing("live", "commands", "modify", "/attributes/location", "\"kitchen\"")).isNull();
        assertThat(outgoing("live", "commands", "modify", "/features/lamp/definition", "[\"a:b:1\"]")).isNull();
    }

    private String script(String mapping, String option) {
        JsonNode text = connection.path("mappingDefinitions").path(mapping).path("options").path(option);
        assertThat(text.isTextual()).as("%s.%s in connection-mqtt.json", mapping, option).isTrue();
        return text.asText();
    }

    /** The incoming script's result as JSON text, or null when it mapped nothing. */
    private String incoming(String topic, String payload) {
        Scriptable headers = cx.newObject(scope);
        headers.put("mqtt.topic", headers, topic);
        Function f = (Function) scope.get("mapToDittoProtocolMsg", scope);
        Object result = f.call(cx, scope, scope, new Object[] {headers, payload, null, null});
        return result == null ? null : (String) NativeJSON.stringify(cx, scope, result, null, null);
    }

    /** The outgoing script's external message as JSON, or null when it mapped nothing. */
    private JsonNode outgoing(String channel, String criterion, String action, String path, String valueJson) {
        Object value = NativeJSON.parse(cx, scope, valueJson, (c, s, thisObj, args) -> args[1]);
        Scriptable headers = cx.newObject(scope);
        headers.put("correlation-id", headers, "c-1");
        Function f = (Function) scope.get("mapFromDittoProtocolMsg", scope);
        Object result = f.call(cx, scope, scope,
                new Object[] {"org.example", "lamp-1", "things", channel, criterion, action, path, headers, value});
        if (result == null) {
            return null;
        }
        try {
            return json.readTree((String) NativeJSON.stringify(cx, scope, result, null, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
