package io.twingraph.ontology;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/** The Brick terms TwinGraph writes itself. Point and equipment classes are looked up by name with {@link #term}. */
public final class Brick {
    public static final Node Site = term("Site");
    public static final Node Building = term("Building");
    public static final Node Floor = term("Floor");
    public static final Node Room = term("Room");
    public static final Node Point = term("Point");
    public static final Node Equipment = term("Equipment");

    public static final Node hasPoint = term("hasPoint");
    public static final Node isPointOf = term("isPointOf");
    public static final Node hasLocation = term("hasLocation");
    public static final Node isLocationOf = term("isLocationOf");
    public static final Node hasPart = term("hasPart");
    public static final Node isPartOf = term("isPartOf");
    public static final Node hasUnit = term("hasUnit");
    public static final Node lastKnownValue = term("lastKnownValue");

    private Brick() {
    }

    /** A Brick class or property by local name, e.g. {@code Air_Temperature_Sensor}. */
    public static Node term(String localName) {
        return NodeFactory.createURI(Namespaces.BRICK + localName);
    }
}
