package io.twingraph.engine;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.apache.jena.graph.Triple;

/**
 * One change of the live graph, as the mirror computes it: triples of the twins' structure to remove and add
 * (kept durably), and current values to clear and set (kept in memory). A value is a triple whose predicate is one of
 * {@link #VALUE_PREDICATES}; it is functional, so setting one replaces the old object of the same subject and
 * predicate. Clears are applied before sets.
 */
public record LiveChange(Collection<Triple> structureRemoved, Collection<Triple> structureAdded,
                         Collection<Triple> valuesCleared, Collection<Triple> valuesSet) {

    /** The predicates whose objects change with every reading: observed value and time, twin revision and time. */
    public static final List<org.apache.jena.graph.Node> VALUE_PREDICATES = List.of(
            io.twingraph.ontology.Sosa.hasSimpleResult, io.twingraph.ontology.Sosa.resultTime,
            io.twingraph.ontology.TG.revision, io.twingraph.ontology.TG.modified);

    public LiveChange {
        Objects.requireNonNull(structureRemoved, "structureRemoved");
        Objects.requireNonNull(structureAdded, "structureAdded");
        Objects.requireNonNull(valuesCleared, "valuesCleared");
        Objects.requireNonNull(valuesSet, "valuesSet");
    }

    public static boolean isValue(Triple t) {
        return VALUE_PREDICATES.contains(t.getPredicate());
    }

    public boolean touchesStructure() {
        return !structureRemoved.isEmpty() || !structureAdded.isEmpty();
    }
}
