package io.twingraph.engine.mirror;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.LiveChange;
import io.twingraph.engine.ThingRdfMapping;
import io.twingraph.engine.TwinIris;
import io.twingraph.ontology.PointTypes;
import io.twingraph.ontology.Sosa;
import io.twingraph.twins.TwinEvent;

/**
 * Keeps the live graph equal to the twins. For a batch of twin events it computes the {@link LiveChange}: the
 * difference between the mapped triples of each twin before and after the batch (several events of one twin collapse
 * into one difference), split into structure and values. Telemetry that only sets property values becomes value
 * changes alone, without mapping whole features. Pure: reads nothing but the events.
 *
 * <p>An observation's {@code sosa:resultTime} is the time of the event that last changed its value.
 */
public final class GraphMirror {

    /** The change that brings the live graph from the twins before the events to the twins after them. */
    public LiveChange plan(List<TwinEvent> events) {
        Map<ThingId, Pending> byThing = new LinkedHashMap<>();
        for (TwinEvent e : events) {
            Pending p = byThing.get(e.thingId());
            if (p == null) {
                byThing.put(e.thingId(), new Pending(e));
            } else {
                p.add(e);
            }
        }
        Builder change = new Builder();
        byThing.values().forEach(p -> p.planInto(change));
        return change.build();
    }

    /** Everything the live graph holds about a twin, observed at {@code observedAt}, as structure and values. */
    public static void describe(Thing thing, Instant observedAt, Collection<Triple> structure, Collection<Triple> values) {
        Node time = ThingRdfMapping.dateTime(observedAt);
        for (Triple t : ThingRdfMapping.toTriples(thing)) {
            if (LiveChange.isValue(t)) {
                values.add(t);
                values.add(Triple.create(t.getSubject(), Sosa.resultTime, time));
            } else {
                structure.add(t);
            }
        }
        values.addAll(ThingRdfMapping.versionTriples(thing));
    }

    /** Collects a change. */
    static final class Builder {
        final List<Triple> structureRemoved = new ArrayList<>();
        final List<Triple> structureAdded = new ArrayList<>();
        final List<Triple> valuesCleared = new ArrayList<>();
        final List<Triple> valuesSet = new ArrayList<>();

        LiveChange build() {
            return new LiveChange(structureRemoved, structureAdded, valuesCleared, valuesSet);
        }
    }

    /** The events of one twin in a batch, collapsed. */
    private static final class Pending {
        private final Thing before;
        private final Scope scope;
        private Thing after;
        private Instant at;

        Pending(TwinEvent first) {
            this.before = first.before();
            this.scope = Scope.of(first);
            this.after = first.after();
            this.at = first.timestamp();
        }

        void add(TwinEvent next) {
            scope.add(next);
            after = next.after();
            at = next.timestamp();
        }

        void planInto(Builder change) {
            if (before == null && after == null) {
                return; // created and deleted within one batch: the graph never held it
            }
            Set<String> diffFeatures = scope.features(before, after);
            if (before != null && after != null && scope.leavesOnly()) {
                diffFeatures = new HashSet<>();
                for (var entry : scope.leaves().entrySet()) {
                    if (!setValues(change, entry.getKey(), entry.getValue())) {
                        diffFeatures.add(entry.getKey());
                    }
                }
            }
            diff(change, diffFeatures);
            if (after != null) {
                change.valuesSet.addAll(ThingRdfMapping.versionTriples(after));
            } else {
                Node s = TwinIris.thing(before.getEntityId().orElseThrow());
                for (Node p : List.of(io.twingraph.ontology.TG.revision, io.twingraph.ontology.TG.modified)) {
                    change.valuesCleared.add(Triple.create(s, p, Node.ANY));
                }
            }
        }

        /**
         * Sets just the observed values of the given leaves of one feature. Returns false, having planned nothing,
         * when any leaf is not a plain value change (it appeared, disappeared, changed shape, or implies a device
         * state), so that the caller diffs the whole feature instead.
         */
        private boolean setValues(Builder change, String featureId, Set<JsonPointer> leafPaths) {
            JsonObject old = properties(before, featureId);
            JsonObject now = properties(after, featureId);
            if (old == null || now == null) {
                return false;
            }
            List<JsonPointer> changed = new ArrayList<>(leafPaths.size());
            for (JsonPointer leaf : leafPaths) {
                JsonValue was = old.getValue(leaf).orElse(null);
                JsonValue is = now.getValue(leaf).orElse(null);
                if (was == null || is == null || isBranch(was) || isBranch(is)
                        || PointTypes.of(featureId, leaf.toString()).state() != PointTypes.StateKind.NONE) {
                    return false;
                }
                if (!was.equals(is)) {
                    changed.add(leaf);
                }
            }
            ThingId id = after.getEntityId().orElseThrow();
            Node time = ThingRdfMapping.dateTime(at);
            for (JsonPointer leaf : changed) {
                Node obs = TwinIris.observation(TwinIris.point(id, featureId, leaf, false));
                change.valuesSet.add(Triple.create(obs, Sosa.hasSimpleResult, ThingRdfMapping.literal(now.getValue(leaf).orElseThrow())));
                change.valuesSet.add(Triple.create(obs, Sosa.resultTime, time));
            }
            return true;
        }

        /** Plans the difference of the header (when in scope) and of the given features. */
        private void diff(Builder change, Set<String> features) {
            Set<Triple> old = new HashSet<>();
            Set<Triple> now = new HashSet<>();
            boolean whole = before == null || after == null;
            if (whole || scope.header()) {
                addHeader(before, old);
                addHeader(after, now);
            }
            Set<String> all = new HashSet<>(features);
            if (whole) {
                for (Thing t : new Thing[] {before, after}) {
                    if (t != null) {
                        t.getFeatures().ifPresent(fs -> fs.forEach(f -> all.add(f.getId())));
                    }
                }
            }
            for (String featureId : all) {
                if (before != null) {
                    old.addAll(ThingRdfMapping.featureTriples(before, featureId));
                }
                if (after != null) {
                    now.addAll(ThingRdfMapping.featureTriples(after, featureId));
                }
            }
            Node time = ThingRdfMapping.dateTime(at);
            Set<Node> valueSet = new HashSet<>();
            for (Triple t : now) {
                if (old.contains(t)) {
                    continue;
                }
                if (LiveChange.isValue(t)) {
                    change.valuesSet.add(t);
                    change.valuesSet.add(Triple.create(t.getSubject(), Sosa.resultTime, time));
                    valueSet.add(t.getSubject());
                } else {
                    change.structureAdded.add(t);
                }
            }
            for (Triple t : old) {
                if (now.contains(t)) {
                    continue;
                }
                if (LiveChange.isValue(t)) {
                    if (!valueSet.contains(t.getSubject())) {
                        change.valuesCleared.add(Triple.create(t.getSubject(), t.getPredicate(), Node.ANY));
                        change.valuesCleared.add(Triple.create(t.getSubject(), Sosa.resultTime, Node.ANY));
                    }
                } else {
                    change.structureRemoved.add(t);
                }
            }
        }

        private static void addHeader(Thing thing, Set<Triple> into) {
            if (thing != null) {
                into.addAll(ThingRdfMapping.headerTriples(thing));
            }
        }

        private static JsonObject properties(Thing thing, String featureId) {
            return thing.getFeatures().flatMap(fs -> fs.getFeature(featureId)).flatMap(Feature::getProperties)
                    .map(p -> (JsonObject) p).orElse(null);
        }

        private static boolean isBranch(JsonValue v) {
            return v.isObject() && !v.asObject().isEmpty();
        }
    }
}
