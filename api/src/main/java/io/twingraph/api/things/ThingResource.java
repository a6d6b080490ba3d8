package io.twingraph.api.things;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.eclipse.ditto.base.model.exceptions.DittoJsonException;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributeNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDefinitionNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertiesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertyNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertiesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertyNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingDefinitionNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

import io.javalin.http.HandlerType;

/**
 * One resource of Ditto's HTTP API below {@code /api/2/things/}, parsed from the raw (still percent-encoded) request
 * path the way Ditto's gateway does it: the thing id is one segment, attribute and property paths are the rest of the
 * path, decoded, as a JSON pointer.
 *
 * @param featureId the feature for feature resources, else null
 * @param inner     the path below attributes, properties or desired properties; empty otherwise
 * @param pointer   the resource as a JSON pointer into the thing ({@code /features/lamp/properties/on})
 */
record ThingResource(ThingId thingId, Kind kind, String featureId, JsonPointer inner, JsonPointer pointer) {

    /** The resources of Ditto's things API, with the methods Ditto's OpenAPI documents for each. */
    enum Kind {
        THING(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE),
        THING_ID(HandlerType.GET),
        POLICY_ID(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH),
        DEFINITION,
        ATTRIBUTES,
        ATTRIBUTE,
        FEATURES,
        FEATURE,
        FEATURE_DEFINITION,
        FEATURE_PROPERTIES,
        FEATURE_PROPERTY,
        FEATURE_DESIRED_PROPERTIES,
        FEATURE_DESIRED_PROPERTY,
        /** Ditto resources TwinGraph does not implement: messages (inbox/outbox), migrateDefinition. */
        UNSUPPORTED;

        private final List<HandlerType> methods;

        Kind(HandlerType... methods) {
            this.methods = methods.length == 0
                    ? List.of(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)
                    : List.of(methods);
        }

        boolean allows(HandlerType method) {
            return methods.contains(method);
        }

        String allowHeader() {
            return String.join(", ", methods.stream().map(HandlerType::name).toList());
        }

        boolean isInsideFeature() {
            return ordinal() > FEATURE.ordinal() && this != UNSUPPORTED;
        }

        /** Resources whose GET takes a {@code fields} selection (JSON objects). */
        boolean isSelectable() {
            return this == THING || this == ATTRIBUTES || this == FEATURES || this == FEATURE
                    || this == FEATURE_PROPERTIES || this == FEATURE_DESIRED_PROPERTIES;
        }
    }

    /** Thrown for paths that are no resource of the things API (rendered as 404). */
    static final class UnknownPath extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownPath(String path) {
            super("No resource at " + path);
        }
    }

    /**
     * Parses the raw path below {@code /api/2/things/}.
     *
     * @throws org.eclipse.ditto.things.model.ThingIdInvalidException when the id is not {@code namespace:name}
     * @throws UnknownPath                                             when the rest is no resource of a thing
     * @throws DittoJsonException                                      for an attribute or property path that is no
     *                                                                 valid JSON pointer
     */
    static ThingResource parse(String rawRest, String fullPath) {
        List<String> segments = Arrays.asList(rawRest.split("/", -1));
        if (segments.size() > 1 && segments.get(segments.size() - 1).isEmpty()) {
            segments = segments.subList(0, segments.size() - 1); // a single trailing slash is tolerated, as in Ditto
        }
        ThingId thingId = ThingId.of(decode(segments.get(0)));
        List<String> rest = segments.subList(1, segments.size());
        if (rest.isEmpty()) {
            return new ThingResource(thingId, Kind.THING, null, JsonPointer.empty(), JsonPointer.empty());
        }
        switch (rest.get(0)) {
            case "thingId":
                return single(thingId, rest, Kind.THING_ID, "thingId", fullPath);
            case "policyId":
                return single(thingId, rest, Kind.POLICY_ID, "policyId", fullPath);
            case "definition":
                return single(thingId, rest, Kind.DEFINITION, "definition", fullPath);
            case "attributes":
                if (rest.size() == 1) {
                    return new ThingResource(thingId, Kind.ATTRIBUTES, null, JsonPointer.empty(), pointer("attributes"));
                }
                JsonPointer attribute = innerPointer(rest.subList(1, rest.size()));
                return new ThingResource(thingId, Kind.ATTRIBUTE, null, attribute, pointer("attributes").append(attribute));
            case "features":
                return feature(thingId, rest, fullPath);
            case "inbox":
            case "outbox":
            case "migrateDefinition":
                return new ThingResource(thingId, Kind.UNSUPPORTED, null, JsonPointer.empty(), JsonPointer.empty());
            default:
                throw new UnknownPath(fullPath);
        }
    }

    private static ThingResource feature(ThingId thingId, List<String> rest, String fullPath) {
        if (rest.size() == 1) {
            return new ThingResource(thingId, Kind.FEATURES, null, JsonPointer.empty(), pointer("features"));
        }
        String featureId = decode(rest.get(1));
        if (featureId.isEmpty()) {
            throw new UnknownPath(fullPath);
        }
        JsonPointer featurePointer = pointer("features", featureId);
        if (rest.size() == 2) {
            return new ThingResource(thingId, Kind.FEATURE, featureId, JsonPointer.empty(), featurePointer);
        }
        String sub = rest.get(2);
        List<String> below = rest.subList(3, rest.size());
        switch (sub) {
            case "definition":
                if (!below.isEmpty()) {
                    throw new UnknownPath(fullPath);
                }
                return new ThingResource(thingId, Kind.FEATURE_DEFINITION, featureId, JsonPointer.empty(),
                        featurePointer.addLeaf(JsonKey.of("definition")));
            case "properties":
            case "desiredProperties":
                boolean desired = "desiredProperties".equals(sub);
                JsonPointer base = featurePointer.addLeaf(JsonKey.of(sub));
                if (below.isEmpty()) {
                    return new ThingResource(thingId, desired ? Kind.FEATURE_DESIRED_PROPERTIES : Kind.FEATURE_PROPERTIES,
                            featureId, JsonPointer.empty(), base);
                }
                JsonPointer inner = innerPointer(below);
                return new ThingResource(thingId, desired ? Kind.FEATURE_DESIRED_PROPERTY : Kind.FEATURE_PROPERTY,
                        featureId, inner, base.append(inner));
            case "inbox":
            case "outbox":
                return new ThingResource(thingId, Kind.UNSUPPORTED, featureId, JsonPointer.empty(), JsonPointer.empty());
            default:
                throw new UnknownPath(fullPath);
        }
    }

    /** The pointer of the feature this resource is inside of. */
    JsonPointer featurePointer() {
        return pointer("features", featureId);
    }

    /** The request path of this resource, for {@code Location} headers. */
    String location() {
        StringBuilder path = new StringBuilder(ThingRoutes.THINGS).append('/').append(thingId);
        pointer.forEach(key -> path.append('/').append(encode(key.toString())));
        return path.toString();
    }

    /** Ditto's own "not found" error for this resource. */
    DittoRuntimeException notFound() {
        switch (kind) {
            case POLICY_ID:
                return PolicyIdNotAccessibleException.newBuilder(thingId).build();
            case DEFINITION:
                return ThingDefinitionNotAccessibleException.newBuilder(thingId).build();
            case ATTRIBUTES:
                return AttributesNotAccessibleException.newBuilder(thingId).build();
            case ATTRIBUTE:
                return AttributeNotAccessibleException.newBuilder(thingId, inner).build();
            case FEATURES:
                return FeaturesNotAccessibleException.newBuilder(thingId).build();
            case FEATURE:
                return FeatureNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_DEFINITION:
                return FeatureDefinitionNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_PROPERTIES:
                return FeaturePropertiesNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_PROPERTY:
                return FeaturePropertyNotAccessibleException.newBuilder(thingId, featureId, inner).build();
            case FEATURE_DESIRED_PROPERTIES:
                return FeatureDesiredPropertiesNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_DESIRED_PROPERTY:
                return FeatureDesiredPropertyNotAccessibleException.newBuilder(thingId, featureId, inner).build();
            default:
                return ThingNotAccessibleException.newBuilder(thingId).build();
        }
    }

    private static ThingResource single(ThingId thingId, List<String> rest, Kind kind, String key, String fullPath) {
        if (rest.size() != 1) {
            throw new UnknownPath(fullPath);
        }
        return new ThingResource(thingId, kind, null, JsonPointer.empty(), pointer(key));
    }

    private static JsonPointer pointer(String... keys) {
        JsonPointer result = JsonPointer.empty();
        for (String key : keys) {
            result = result.addLeaf(JsonKey.of(key));
        }
        return result;
    }

    /**
     * Ditto decodes the rest of the path as a whole and reads it as a JSON pointer, so {@code %2F} separates levels
     * too; empty levels ({@code a//b}) are refused with Ditto's JSON pointer error.
     */
    private static JsonPointer innerPointer(List<String> rawSegments) {
        String decoded = "/" + decode(String.join("/", rawSegments));
        return DittoJsonException.wrapJsonRuntimeException(() -> JsonPointer.of(decoded));
    }

    /** Percent-decoding of a path (unlike form decoding, '+' stays '+'); bytes are UTF-8. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
                pending.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                out.append(c);
            }
        }
        return out.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    private static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:@!$&'()*+,;=".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
