package io.twingraph.ontology;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * The {@code tg:} vocabulary: only the terms no standard vocabulary has. Each class is aligned to Brick, SAREF or
 * SOSA by {@code rdfs:subClassOf} in {@link #TURTLE}.
 */
public final class TG {
    /** Classpath resource holding the Turtle definition of this vocabulary. */
    public static final String TURTLE = "io/twingraph/ontology/tg.ttl";
    /** Classpath resource holding the SHACL shapes a mirrored twin conforms to. */
    public static final String SHAPES = "io/twingraph/ontology/shapes.ttl";

    /** A mirrored twin (subclass of saref:Device). */
    public static final Node Thing = term("Thing");
    /** One feature of a twin (Ditto's Feature). */
    public static final Node Feature = term("Feature");
    /** A battery's or vehicle's state of charge in percent (Brick has no such point class). */
    public static final Node State_Of_Charge_Sensor = term("State_Of_Charge_Sensor");
    /** Whether a vehicle is plugged into a charger (Brick has no such point class). */
    public static final Node Plugged_In_Status = term("Plugged_In_Status");

    /** The Ditto thing id of a twin, as a plain string. */
    public static final Node thingId = term("thingId");
    /** The twin's revision at the moment it was mirrored. */
    public static final Node revision = term("revision");
    /** When the twin was last modified. */
    public static final Node modified = term("modified");
    /** Ditto thing definition (e.g. a WoT Thing Model URL or {@code ns:name:version}). */
    public static final Node definition = term("definition");
    /** The Ditto policy id governing the twin. */
    public static final Node policyId = term("policyId");
    /** The twin's attributes as one JSON literal, so that the mapping is reversible. */
    public static final Node attributes = term("attributes");
    /** How commands reach the device: "plain" or "ditto". */
    public static final Node protocol = term("protocol");
    /** Twin to feature. */
    public static final Node hasFeature = term("hasFeature");
    /** Ditto feature id of a feature node. */
    public static final Node featureId = term("featureId");
    /** Point to the feature it belongs to. */
    public static final Node ofFeature = term("ofFeature");
    /** The JSON pointer of a point's property inside its feature's properties, e.g. "/temperature". */
    public static final Node propertyPath = term("propertyPath");
    /** "desired" for a point of a feature's desiredProperties; absent for reported properties. */
    public static final Node desired = term("desired");

    private TG() {
    }

    static Node term(String localName) {
        return NodeFactory.createURI(Namespaces.TG + localName);
    }
}
