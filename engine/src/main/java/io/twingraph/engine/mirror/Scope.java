package io.twingraph.engine.mirror;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.twins.TwinEvent;

/**
 * Which parts of a twin's triples a run of events can have changed: its header (attributes, definition, policy) and
 * which features. While every event only set values of reported properties (what telemetry does), it also knows
 * exactly which property leaves were touched, so that the mirror can update just those values.
 */
final class Scope {
    private boolean header;
    private boolean allFeatures;
    private final Set<String> features = new HashSet<>();
    /** Touched reported-property leaves per feature; meaningful only while {@link #leavesOnly}. */
    private final Map<String, Set<JsonPointer>> leaves = new HashMap<>();
    private boolean leavesOnly = true;

    static Scope of(TwinEvent event) {
        Scope scope = new Scope();
        scope.add(event);
        return scope;
    }

    void add(TwinEvent event) {
        JsonPointer path = event.path();
        collectLeaves(event);
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

    /** Records the property leaves a value-only event touched, or gives up on leaves-only for this run. */
    private void collectLeaves(TwinEvent event) {
        if (!leavesOnly) {
            return;
        }
        JsonPointer path = event.path();
        JsonValue value = event.value();
        boolean valueEvent = event.action() == TwinEvent.Action.MERGED
                || (event.action() == TwinEvent.Action.MODIFIED && value != null && !isBranch(value));
        if (!valueEvent || value == null) {
            leavesOnly = false;
            return;
        }
        if (path.getLevelCount() == 1 && "features".equals(path.getRoot().orElseThrow().toString()) && value.isObject()) {
            for (var f : value.asObject()) {
                JsonValue fp = f.getValue();
                if (!fp.isObject() || fp.asObject().getSize() != 1 || !fp.asObject().contains("properties")) {
                    leavesOnly = false;
                    return;
                }
                addLeaves(f.getKey().toString(), JsonPointer.empty(), fp.asObject().getValue("properties").orElseThrow());
            }
            return;
        }
        if (path.getLevelCount() >= 3 && "features".equals(path.getRoot().orElseThrow().toString())
                && "properties".equals(path.get(2).orElseThrow().toString())) {
            addLeaves(path.get(1).orElseThrow().toString(), path.getSubPointer(3).orElse(JsonPointer.empty()), value);
            return;
        }
        leavesOnly = false;
    }

    private void addLeaves(String featureId, JsonPointer at, JsonValue value) {
        if (!leavesOnly) {
            return;
        }
        if (value.isNull()) {
            leavesOnly = false;
            return;
        }
        if (isBranch(value)) {
            for (var field : value.asObject()) {
                addLeaves(featureId, at.addLeaf(field.getKey()), field.getValue());
            }
            return;
        }
        if (at.isEmpty()) {
            leavesOnly = false;
            return;
        }
        leaves.computeIfAbsent(featureId, k -> new HashSet<>()).add(at);
    }

    private static boolean isBranch(JsonValue value) {
        return value.isObject() && !value.asObject().isEmpty();
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

    /** True when every event only set values of reported-property leaves, listed by {@link #leaves()}. */
    boolean leavesOnly() {
        return leavesOnly && !header && !allFeatures;
    }

    Map<String, Set<JsonPointer>> leaves() {
        return leaves;
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
