package io.twingraph.ontology;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * TwinGraph's named graphs. The default graph a SPARQL query sees is the union of all of them.
 */
public final class Graphs {
    /** Imported or authored building models: sites, floors, rooms, equipment. Changed only by imports. */
    public static final Node TOPOLOGY = NodeFactory.createURI(Namespaces.GRAPH + "topology");
    /** The simulated homes' floors and rooms; rewritten each time the simulator starts. */
    public static final Node SIMULATED_TOPOLOGY = NodeFactory.createURI(Namespaces.GRAPH + "topology/simulation");
    /** Mirrored twins: current values only, overwritten on every change. */
    public static final Node LIVE = NodeFactory.createURI(Namespaces.GRAPH + "live");
    /** Rule decisions (PROV-O). */
    public static final Node DECISIONS = NodeFactory.createURI(Namespaces.GRAPH + "decisions");
    /** Energy plans. */
    public static final Node PLANS = NodeFactory.createURI(Namespaces.GRAPH + "plans");

    private Graphs() {
    }
}
