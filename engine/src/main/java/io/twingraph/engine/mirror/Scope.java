package io.twingraph.engine.mirror;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.twins.TwinEvent;

/**
 * Which parts of a twin's triples an event can have changed: its header (attributes, definition, policy) and which
 * features. Lets the mirror re-map a few triples instead of the whole twin.
 */
final class Scope {
    private boolean header;
    private boolean allFeatures;
    private final Set<String> features = new HashSet<>();

    static Scope of(TwinEvent event) {
        Scope scope = new Scope();
        scope.add(event);
        return scope;
    }

    void add(TwinEvent event) {
        JsonPointer path = event.path();
        if (path.isEmpty()) {
            if (event.action() == TwinEvent.Action.MERGED && event.value() != null && event.value().isObject()) {
                JsonObject patch = event.value().asObject();
                header |= patch.getKeys().stream().anyMatch(k -> !k.toString().equals("features"));
                patch.getValue("features").ifPresent(this::addFeaturesOf);
            } else {
                header = true;
                allFeatures = true;
            }
            return;
        }
        String root = path.getRoot().orElseThrow().toString();
        if (!root.equals("features")) {
            header = true;
        } else if (path.getLevelCount() == 1) {
            if (event.action() == TwinEvent.Action.MERGED && event.value() != null) {
                addFeaturesOf(event.value());
            } else {
                allFeatures = true;
            }
        } else {
            features.add(path.get(1).orElseThrow().toString());
        }
    }

    private void addFeaturesOf(JsonValue featuresPatch) {
        if (featuresPatch.isObject()) {
            featuresPatch.asObject().getKeys().forEach(k -> features.add(k.toString()));
        } else {
            allFeatures = true;
        }
    }

    boolean header() {
        return header;
    }

    /** The feature ids in scope, resolved against the twin before and after. */
    Set<String> features(Thing before, Thing after) {
        if (!allFeatures) {
            return features;
        }
        Set<String> all = new HashSet<>(features);
        for (Thing t : new Thing[] {before, after}) {
            if (t != null) {
                t.getFeatures().ifPresent(fs -> fs.stream().map(Feature::getId).forEach(all::add));
            }
        }
        return all;
    }
}
