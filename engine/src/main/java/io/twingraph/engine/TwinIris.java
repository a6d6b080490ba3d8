package io.twingraph.engine;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.ontology.Namespaces;

/**
 * The IRIs of twins and their parts. A thing {@code home1:kitchen-light} is
 * {@code https://twingraph.io/thing/home1:kitchen-light}; its feature {@code light} is
 * {@code .../home1:kitchen-light/features/light}; the point of property {@code on} is
 * {@code .../features/light/properties/on} and its latest observation {@code ...properties/on#obs}. Characters that
 * may not appear in an IRI path segment are percent-encoded (UTF-8).
 */
public final class TwinIris {
    private TwinIris() {
    }

    public static Node thing(ThingId thingId) {
        return NodeFactory.createURI(thingBase(thingId));
    }

    /** The thing id of a thing IRI; empty for any other IRI. */
    public static Optional<ThingId> thingId(Node iri) {
        if (iri == null || !iri.isURI() || !iri.getURI().startsWith(Namespaces.THING)) {
            return Optional.empty();
        }
        String rest = iri.getURI().substring(Namespaces.THING.length());
        if (rest.contains("/") || rest.contains("#")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ThingId.of(decode(rest)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Node feature(ThingId thingId, String featureId) {
        return NodeFactory.createURI(featureBase(thingId, featureId));
    }

    /** The point of a reported ({@code desired == false}) or desired property of a feature. */
    public static Node point(ThingId thingId, String featureId, JsonPointer propertyPath, boolean desired) {
        StringBuilder sb = new StringBuilder(featureBase(thingId, featureId))
                .append(desired ? "/desiredProperties" : "/properties");
        for (JsonKey key : propertyPath) {
            sb.append('/').append(encode(key.toString()));
        }
        return NodeFactory.createURI(sb.toString());
    }

    public static Node observation(Node point) {
        return NodeFactory.createURI(point.getURI() + "#obs");
    }

    private static String thingBase(ThingId thingId) {
        return Namespaces.THING + encode(thingId.toString());
    }

    private static String featureBase(ThingId thingId, String featureId) {
        return thingBase(thingId) + "/features/" + encode(featureId);
    }

    /** Percent-encodes everything but RFC 3987 path-segment characters. */
    static String encode(String segment) {
        StringBuilder sb = null;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (isSegmentChar(c)) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(segment.length() + 8).append(segment, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < segment.length() ? i + 2 : i + 1;
            for (byte b : segment.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return sb == null ? segment : sb.toString();
    }

    /** Decodes one percent-encoded IRI path segment written by this class (a thing id, feature id or property key). */
    public static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~:@!$&'()*+,;=".indexOf(c) >= 0;
    }
}
