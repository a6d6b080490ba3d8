package io.twingraph.twins.ditto.live;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

/** Paths and query strings of Ditto's HTTP API, percent-encoded. */
final class DittoUris {
    /** The fields of a whole thing plus the revision the follower orders changes by. */
    static final String THING_FIELDS = "thingId,policyId,definition,attributes,features,_revision,_modified";
    /** What the change stream sends per event: Ditto Protocol topic, path, value and headers in {@code _context}. */
    static final String STREAM_FIELDS = "thingId,_revision,_modified,_context";

    private DittoUris() {
    }

    /** {@code /things/{thingId}}. */
    static String thing(ThingId id) {
        return "/things/" + segment(id.toString());
    }

    /** {@code /things/{thingId}/features/{featureId}/properties/{p1}/{p2}...}. */
    static String featureProperty(ThingId id, String featureId, JsonPointer propertyPath) {
        StringBuilder b = new StringBuilder(thing(id)).append("/features/").append(segment(featureId))
                .append("/properties");
        propertyPath.forEach(key -> b.append('/').append(segment(key.toString())));
        return b.toString();
    }

    /** {@code /things/{thingId}/features/{featureId}/inbox/messages/{subject}}. */
    static String featureInbox(ThingId id, String featureId, String subject) {
        return thing(id) + "/features/" + segment(featureId) + "/inbox/messages/" + segment(subject);
    }

    /** {@code ?k=v&...} for the non-null values, or the empty string. */
    static String query(Map<String, String> params) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(encode(k) + "=" + encode(v));
            }
        });
        return q.toString();
    }

    /** Search and stream scope from the settings: namespaces and filter. */
    static Map<String, String> scope(DittoSettings settings) {
        Map<String, String> params = new LinkedHashMap<>();
        if (!settings.namespaces().isEmpty()) {
            params.put("namespaces", String.join(",", settings.namespaces()));
        }
        params.put("filter", settings.filter());
        return params;
    }

    private static String segment(String s) {
        return encode(s);
    }

    private static String encode(String s) {
        // form encoding writes a space as '+', which a path or Akka's query parser may keep as '+'
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
