package io.twingraph.engine.mirror;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.ThingRdfMapping;
import io.twingraph.engine.TwinIris;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Sosa;
import io.twingraph.ontology.TG;
import io.twingraph.twins.TwinEvent;

/**
 * Keeps the live graph equal to the twins: applies a batch of twin events as the difference between the mapped
 * triples before and after, twin by twin, inside the caller's write transaction. Several events for one twin in a
 * batch collapse into one difference (first state before, last state after).
 *
 * <p>An observation's {@code sosa:resultTime} is the time of the event that last changed its value.
 */
public final class GraphMirror {

    /** Statistics of one applied batch. */
    public record Applied(int things, int added, int removed) {
    }

    /** Applies the events (in order) to the live graph of {@code dsg}; call inside a write transaction. */
    public Applied apply(DatasetGraph dsg, List<TwinEvent> events) {
        Map<ThingId, Pending> byThing = new LinkedHashMap<>();
        for (TwinEvent e : events) {
            Pending p = byThing.get(e.thingId());
            if (p == null) {
                byThing.put(e.thingId(), new Pending(e));
            } else {
                p.add(e);
            }
        }
        int added = 0;
        int removed = 0;
        for (Pending p : byThing.values()) {
            int[] counts = p.applyTo(dsg);
            added += counts[0];
            removed += counts[1];
        }
        return new Applied(byThing.size(), added, removed);
    }

    /**
     * Replaces whatever the live graph holds about a twin with its current state (or removes it when
     * {@code thing} is null). Used to repair the graph at start.
     */
    public void resync(DatasetGraph dsg, ThingId thingId, Thing thing, Instant observedAt) {
        removeAll(dsg, thingId);
        if (thing != null) {
            Node time = dateTime(observedAt);
            for (Triple t : ThingRdfMapping.toTriples(thing)) {
                dsg.add(Graphs.LIVE, t.getSubject(), t.getPredicate(), t.getObject());
                if (t.getPredicate().equals(Sosa.hasSimpleResult)) {
                    dsg.add(Graphs.LIVE, t.getSubject(), Sosa.resultTime, time);
                }
            }
            writeVersion(dsg, thing);
        }
    }

    /** The revision of a twin as the live graph has it, or -1. */
    public static long revisionInGraph(DatasetGraph dsg, ThingId thingId) {
        var it = dsg.find(Graphs.LIVE, TwinIris.thing(thingId), TG.revision, Node.ANY);
        return it.hasNext() ? Long.parseLong(it.next().getObject().getLiteralLexicalForm()) : -1;
    }

    private static void removeAll(DatasetGraph dsg, ThingId thingId) {
        Node s = TwinIris.thing(thingId);
        Set<Node> subjects = new HashSet<>();
        subjects.add(s);
        dsg.find(Graphs.LIVE, s, TG.hasFeature, Node.ANY).forEachRemaining(q -> subjects.add(q.getObject()));
        dsg.find(Graphs.LIVE, s, io.twingraph.ontology.Brick.hasPoint, Node.ANY).forEachRemaining(q -> {
            subjects.add(q.getObject());
            subjects.add(TwinIris.observation(q.getObject()));
        });
        subjects.forEach(subject -> dsg.deleteAny(Graphs.LIVE, subject, Node.ANY, Node.ANY));
    }

    private static void writeVersion(DatasetGraph dsg, Thing thing) {
        Node s = TwinIris.thing(thing.getEntityId().orElseThrow());
        dsg.deleteAny(Graphs.LIVE, s, TG.revision, Node.ANY);
        dsg.deleteAny(Graphs.LIVE, s, TG.modified, Node.ANY);
        for (Triple t : ThingRdfMapping.versionTriples(thing)) {
            dsg.add(Graphs.LIVE, t.getSubject(), t.getPredicate(), t.getObject());
        }
    }

    private static Node dateTime(Instant instant) {
        return ThingRdfMapping.dateTime(instant);
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

        /** Returns {added, removed}. */
        int[] applyTo(DatasetGraph dsg) {
            Set<Triple> old = new HashSet<>();
            Set<Triple> now = new HashSet<>();
            if (before == null || after == null || scope.header()) {
                if (before != null) {
                    old.addAll(ThingRdfMapping.headerTriples(before));
                }
                if (after != null) {
                    now.addAll(ThingRdfMapping.headerTriples(after));
                }
            }
            for (String featureId : scope.features(before, after)) {
                if (before != null) {
                    old.addAll(ThingRdfMapping.featureTriples(before, featureId));
                }
                if (after != null) {
                    now.addAll(ThingRdfMapping.featureTriples(after, featureId));
                }
            }
            if (before == null || after == null) {
                Thing whole = before != null ? before : after;
                whole.getFeatures().ifPresent(fs -> fs.forEach(f -> {
                    if (before != null) {
                        old.addAll(ThingRdfMapping.featureTriples(before, f.getId()));
                    }
                    if (after != null) {
                        now.addAll(ThingRdfMapping.featureTriples(after, f.getId()));
                    }
                }));
            }
            int removed = 0;
            int added = 0;
            Node time = dateTime(at);
            for (Triple t : old) {
                if (!now.contains(t)) {
                    dsg.delete(Graphs.LIVE, t.getSubject(), t.getPredicate(), t.getObject());
                    removed++;
                    if (t.getPredicate().equals(Sosa.hasSimpleResult)) {
                        dsg.deleteAny(Graphs.LIVE, t.getSubject(), Sosa.resultTime, Node.ANY);
                    }
                }
            }
            for (Triple t : now) {
                if (!old.contains(t)) {
                    dsg.add(Graphs.LIVE, t.getSubject(), t.getPredicate(), t.getObject());
                    added++;
                    if (t.getPredicate().equals(Sosa.hasSimpleResult)) {
                        dsg.add(Graphs.LIVE, t.getSubject(), Sosa.resultTime, time);
                    }
                }
            }
            if (after != null) {
                writeVersion(dsg, after);
            } else {
                removeAll(dsg, before.getEntityId().orElseThrow());
            }
            return new int[] {added, removed};
        }
    }
}
