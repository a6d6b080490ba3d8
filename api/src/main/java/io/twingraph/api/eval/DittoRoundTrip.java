package io.twingraph.api.eval;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/**
 * Part one of {@link DittoProtocolEval}: decode every example message and encode it again on its channel; compare.
 */
final class DittoRoundTrip {
    private DittoRoundTrip() {
    }

    /** The outcome of one message. */
    record Outcome(String file, String category, String resource, boolean decoded, boolean equal,
                   boolean strictlyEqual, List<String> addedHeaders, List<String> differences, String explanation) {

        Outcome explained(JsonObject message) {
            return equal ? this : new Outcome(file, category, resource, decoded, equal, strictlyEqual, addedHeaders,
                    differences, explain(message, differences));
        }

        boolean twin() {
            return category.startsWith("things/twin/") && !category.startsWith("things/twin/search");
        }
    }

    /**
     * Why Ditto's own adapter cannot reproduce an example, when the example contradicts Ditto 3.8's model: the
     * examples name the thing differently in topic and value, show the error JSON of an older Ditto ("url" became
     * "href"), or a PolicyIdCreated event Ditto does not have. Null when no such reason applies.
     */
    static String explain(JsonObject message, List<String> differences) {
        String all = String.join("; ", differences);
        String topic = DittoProtocolEval.text(message, "topic");
        String[] parts = topic.split("/");
        String topicThing = parts.length > 1 ? parts[0] + ":" + parts[1] : "";
        boolean valueIdDiffers = message.getValue("value").filter(JsonValue::isObject)
                .flatMap(v -> v.asObject().getValue("thingId")).filter(JsonValue::isString)
                .filter(id -> !id.asString().equals(topicThing)).isPresent();
        if (valueIdDiffers && (all.contains("things:id.notsettable") || all.startsWith("/topic:"))) {
            return "the value's thingId differs from the topic's thing";
        }
        if (all.equals("/value/url missing, /value/href added")) {
            return "error JSON of an older Ditto ('url' is 'href' in Ditto 3)";
        }
        if (all.contains("protocoladapter:unknown.topicpath") && topic.endsWith("/events/created")
                && "/policyId".equals(DittoProtocolEval.text(message, "path"))) {
            return "Ditto has no PolicyIdCreated event (a thing's policy id is only ever modified)";
        }
        return null;
    }

    /** All outcomes, with the counts the summary prints. */
    record Report(List<Outcome> outcomes) {
        int total() {
            return outcomes.size();
        }

        int decoded() {
            return (int) outcomes.stream().filter(Outcome::decoded).count();
        }

        int equal() {
            return (int) outcomes.stream().filter(Outcome::equal).count();
        }

        /** Things twin commands, responses, events and errors: the messages TwinGraph itself speaks. */
        int[] thingsTwin() {
            List<Outcome> twin = outcomes.stream().filter(o -> o.category().startsWith("things/twin/")
                    && !o.category().startsWith("things/twin/search")).toList();
            return new int[] {(int) twin.stream().filter(Outcome::equal).count(), twin.size()};
        }

        int strictlyEqual() {
            return (int) outcomes.stream().filter(Outcome::strictlyEqual).count();
        }

        int failed() {
            return total() - equal();
        }

        /** Failures of things/twin messages that no inconsistency of the examples explains. */
        int unexplainedTwinFailures() {
            return (int) outcomes.stream().filter(o -> o.twin() && !o.equal() && o.explanation() == null).count();
        }

        int explainedTwinFailures() {
            return (int) outcomes.stream().filter(o -> o.twin() && !o.equal() && o.explanation() != null).count();
        }

        int addedHeaderCount() {
            return outcomes.stream().mapToInt(o -> o.addedHeaders().size()).sum();
        }

        int messagesWithAddedHeaders() {
            return (int) outcomes.stream().filter(o -> !o.addedHeaders().isEmpty()).count();
        }

        void print(PrintWriter out, Path source) {
            out.println("== Round trip: " + total() + " messages of " + source.toAbsolutePath().normalize()
                    + " decoded and encoded again on the same channel");
            DittoProtocolEval.Tally byCategory = new DittoProtocolEval.Tally();
            DittoProtocolEval.Tally byResource = new DittoProtocolEval.Tally();
            Map<String, Integer> added = new TreeMap<>();
            for (Outcome o : outcomes) {
                byCategory.add(o.category(), o.equal());
                if (o.category().startsWith("things/")) {
                    byResource.add(o.resource(), o.equal());
                }
                o.addedHeaders().forEach(h -> added.merge(h.substring(0, h.indexOf('=')), 1, Integer::sum));
            }
            byCategory.print(out, "per topic category (group/channel/criterion/action): equal/total");
            out.println("equal means JSON-equal after two representational normalisations of Ditto's adapter: 'fields' "
                    + "compared as field selectors (Ditto writes '/attributes' for 'attributes') and Ditto's internal "
                    + "'__schemaVersion' markers ignored; strictly JSON-equal: " + strictlyEqual() + "/" + total());
            byResource.print(out, "per addressed resource (things messages): equal/total");
            out.println("headers Ditto's adapter adds by itself, messages per header (not counted as differences): "
                    + (added.isEmpty() ? "none" : added));
            List<Outcome> failures = outcomes.stream().filter(o -> !o.equal()).toList();
            if (!failures.isEmpty()) {
                out.println("differences:");
                for (Outcome o : failures) {
                    out.println("  FAIL " + o.file() + " [" + o.category() + "]: " + String.join("; ", o.differences())
                            + (o.explanation() == null ? "" : "  (example inconsistent: " + o.explanation() + ")"));
                }
            }
        }
    }

    static Report run(DittoProtocolCodec codec, List<JsonObject> lines) {
        List<Outcome> outcomes = new ArrayList<>();
        for (JsonObject line : lines) {
            JsonObject message = line.getValue("message").filter(JsonValue::isObject).map(JsonValue::asObject)
                    .orElse(JsonObject.empty());
            outcomes.add(roundTrip(codec, line).explained(message));
        }
        return new Report(outcomes);
    }

    private static Outcome roundTrip(DittoProtocolCodec codec, JsonObject line) {
        String file = DittoProtocolEval.text(line, "file");
        JsonObject message = line.getValue("message").filter(JsonValue::isObject).map(JsonValue::asObject)
                .orElse(JsonObject.empty());
        String topic = DittoProtocolEval.text(message, "topic");
        String resource = DittoProtocolEval.resource(DittoProtocolEval.text(message, "path"));
        DittoProtocolCodec.Decoded decoded;
        try {
            decoded = codec.decode(message.toString());
        } catch (TwinGraphException e) {
            return new Outcome(file, DittoProtocolEval.category(topic), resource, false, false, false, List.of(),
                    List.of("not decoded: " + e.getMessage()), null);
        }
        String category = DittoProtocolEval.category(decoded.adaptable().getTopicPath());
        JsonObject encoded;
        try {
            encoded = JsonFactory.newObject(codec.encode(decoded.signal(), decoded.channel()));
        } catch (RuntimeException e) {
            return new Outcome(file, category, resource, true, false, false, List.of(),
                    List.of("not encoded: " + e.getClass().getSimpleName() + ": " + e.getMessage()), null);
        }
        List<String> differences = new ArrayList<>();
        List<String> addedHeaders = new ArrayList<>();
        compareHeaders(message, encoded, differences, addedHeaders);
        boolean strict = differences.isEmpty();
        for (JsonField field : message) {
            String key = field.getKeyName();
            if (!"headers".equals(key)) {
                JsonValue expected = field.getValue();
                var actual = encoded.getValue(key);
                if (actual.isEmpty()) {
                    differences.add("'" + key + "' missing (was " + abbreviate(expected) + ")");
                    strict = false;
                } else if (!actual.get().equals(expected)) {
                    strict = false;
                    if (!equalModuloNormalisation(key, expected, actual.get())) {
                        List<String> where = new ArrayList<>();
                        diff("/" + key, expected, actual.get(), where);
                        differences.add(String.join(", ", where.subList(0, Math.min(4, where.size())))
                                + (where.size() > 4 ? " (+" + (where.size() - 4) + " more)" : ""));
                    }
                }
            }
        }
        for (JsonField field : encoded) {
            String key = field.getKeyName();
            if (!"headers".equals(key) && !message.contains(key)) {
                differences.add("'" + key + "' added: " + abbreviate(field.getValue()));
                strict = false;
            }
        }
        return new Outcome(file, category, resource, true, differences.isEmpty(), strict, addedHeaders, differences, null);
    }

    /**
     * Two representational differences that are not semantic: Ditto's adapter writes field selectors as pointers
     * ({@code /attributes} for {@code attributes}), and policy JSON in the examples carries Ditto's internal
     * {@code __schemaVersion} markers that the model drops.
     */
    private static boolean equalModuloNormalisation(String key, JsonValue expected, JsonValue actual) {
        if ("fields".equals(key) && expected.isString() && actual.isString()) {
            try {
                return selector(expected.asString()).equals(selector(actual.asString()));
            } catch (RuntimeException e) {
                return false;
            }
        }
        return withoutSchemaVersion(expected).equals(withoutSchemaVersion(actual));
    }

    private static java.util.Set<String> selector(String fields) {
        java.util.Set<String> pointers = new java.util.TreeSet<>();
        JsonFactory.newFieldSelector(fields, org.eclipse.ditto.json.JsonParseOptions.newBuilder().withoutUrlDecoding().build())
                .getPointers().forEach(p -> pointers.add(p.toString()));
        return pointers;
    }

    private static JsonValue withoutSchemaVersion(JsonValue value) {
        if (value.isObject()) {
            var builder = JsonObject.newBuilder();
            for (JsonField field : value.asObject()) {
                if (!"__schemaVersion".equals(field.getKeyName())) {
                    builder.set(field.getKeyName(), withoutSchemaVersion(field.getValue()));
                }
            }
            return builder.build();
        }
        if (value.isArray()) {
            var builder = org.eclipse.ditto.json.JsonArray.newBuilder();
            value.asArray().forEach(v -> builder.add(withoutSchemaVersion(v)));
            return builder.build();
        }
        return value;
    }

    /** Every original header must come back unchanged; headers only in the encoding are Ditto's additions. */
    private static void compareHeaders(JsonObject message, JsonObject encoded, List<String> differences,
                                       List<String> addedHeaders) {
        JsonObject before = message.getValue("headers").filter(JsonValue::isObject).map(JsonValue::asObject)
                .orElse(JsonObject.empty());
        JsonObject after = encoded.getValue("headers").filter(JsonValue::isObject).map(JsonValue::asObject)
                .orElse(JsonObject.empty());
        for (JsonField header : before) {
            var value = after.getValue(header.getKey());
            if (value.isEmpty()) {
                differences.add("header '" + header.getKeyName() + "' lost");
            } else if (!value.get().equals(header.getValue())) {
                differences.add("header '" + header.getKeyName() + "' is " + value.get() + ", was " + header.getValue());
            }
        }
        for (JsonField header : after) {
            if (!before.contains(header.getKeyName())) {
                addedHeaders.add(header.getKeyName() + "=" + header.getValue());
            }
        }
    }

    /** Where two JSON values differ, as pointers: "/value/url missing", "/value/href added", "/fields: a -> b". */
    private static void diff(String at, JsonValue expected, JsonValue actual, List<String> out) {
        if (expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            JsonObject e = expected.asObject();
            JsonObject a = actual.asObject();
            for (JsonField field : e) {
                var other = a.getValue(field.getKey());
                if (other.isEmpty()) {
                    out.add(at + "/" + field.getKeyName() + " missing");
                } else {
                    diff(at + "/" + field.getKeyName(), field.getValue(), other.get(), out);
                }
            }
            for (JsonField field : a) {
                if (!e.contains(field.getKeyName())) {
                    out.add(at + "/" + field.getKeyName() + " added");
                }
            }
            return;
        }
        out.add(at + ": " + abbreviate(expected) + " -> " + abbreviate(actual));
    }

    private static String abbreviate(JsonValue value) {
        String text = value.toString();
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }
}
