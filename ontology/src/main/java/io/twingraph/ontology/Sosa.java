package io.twingraph.ontology;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/** The SOSA terms TwinGraph writes: the latest observation of every point. */
public final class Sosa {
    public static final Node Observation = term("Observation");
    public static final Node observedProperty = term("observedProperty");
    public static final Node madeBySensor = term("madeBySensor");
    public static final Node hasSimpleResult = term("hasSimpleResult");
    public static final Node resultTime = term("resultTime");

    private Sosa() {
    }

    public static Node term(String localName) {
        return NodeFactory.createURI(Namespaces.SOSA + localName);
    }
}
