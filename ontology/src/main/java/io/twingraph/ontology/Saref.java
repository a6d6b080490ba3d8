package io.twingraph.ontology;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/** The SAREF core terms TwinGraph writes: devices and their discrete states. */
public final class Saref {
    public static final Node Device = term("Device");
    public static final Node Sensor = term("Sensor");
    public static final Node Actuator = term("Actuator");
    public static final Node hasState = term("hasState");
    public static final Node OnState = term("OnState");
    public static final Node OffState = term("OffState");
    public static final Node OpenState = term("OpenState");
    public static final Node CloseState = term("CloseState");

    private Saref() {
    }

    public static Node term(String localName) {
        return NodeFactory.createURI(Namespaces.SAREF + localName);
    }
}
