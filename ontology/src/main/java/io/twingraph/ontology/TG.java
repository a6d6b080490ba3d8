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

    // ---------------------------------------------------------------------------------------------------------------
    // Energy planning (issue 4): flexible loads, tariffs and plans. SAREF4ENER has power profiles but no tariffs or
    // schedules tied to a plan, so these few terms are ours, aligned in tg.ttl.

    /** SAREF4ENER's namespace, to which the planning terms are aligned. */
    public static final String S4ENER = "https://saref.etsi.org/saref4ener/";
    /** A shiftable load of a device: its power profile and time window (subclass of s4ener:PowerProfile). */
    public static final Node FlexibleLoad = term("FlexibleLoad");
    /** One price period of a tariff: import and export price and CO2 intensity from slotStart to slotEnd. */
    public static final Node TariffSlot = term("TariffSlot");
    /** An energy plan made by the planner (subclass of prov:Entity). */
    public static final Node Plan = term("Plan");
    /** What one device does in one slot of a plan. */
    public static final Node PlannedSlot = term("PlannedSlot");

    /** Flexible load, planned slot to the twin (device) it is about. */
    public static final Node forDevice = term("forDevice");
    /** Planned slot to its plan. */
    public static final Node inPlan = term("inPlan");
    /** A name of a planned device that has no twin (or the load id). */
    public static final Node deviceId = term("deviceId");
    /** Constant power of a load, or planned power of a device in a slot, W (battery: positive while charging). */
    public static final Node powerW = term("powerW");
    /** How long a load runs, minutes. */
    public static final Node durationMinutes = term("durationMinutes");
    /** Energy a load (or a vehicle) needs, kWh. */
    public static final Node energyKwh = term("energyKwh");
    /** Earliest time a load may start. */
    public static final Node earliestStart = term("earliestStart");
    /** Time by which a load must have finished. */
    public static final Node deadline = term("deadline");
    /** Whether a load may pause between slots. */
    public static final Node interruptible = term("interruptible");
    /** Whether the planner may leave a load out when running it costs more than it is worth. */
    public static final Node optional = term("optional");
    /** What running an optional load is worth, in the tariff's currency. */
    public static final Node valuePerRun = term("valuePerRun");
    /** Shortest time an interruptible load runs once started, minutes. */
    public static final Node minOnMinutes = term("minOnMinutes");
    /** Shortest pause of an interruptible load, minutes. */
    public static final Node minOffMinutes = term("minOffMinutes");
    /** JSON pointer of the property that switches the device, e.g. /features/switch/properties/on. */
    public static final Node controlPath = term("controlPath");
    /** Start of a slot (tariff or plan). */
    public static final Node slotStart = term("slotStart");
    /** End of a slot (tariff or plan), exclusive. */
    public static final Node slotEnd = term("slotEnd");
    /** Price of imported energy, currency per kWh. */
    public static final Node importPrice = term("importPrice");
    /** Price paid for exported energy, currency per kWh. */
    public static final Node exportPrice = term("exportPrice");
    /** Carbon intensity of grid energy, kg CO2 per kWh. */
    public static final Node co2Intensity = term("co2Intensity");
    /** Length of a plan's slots, minutes. */
    public static final Node slotMinutes = term("slotMinutes");
    /** A plan's expected cost, currency. */
    public static final Node cost = term("cost");
    /** Expected cost of running every load as soon as it may with the battery idle, currency. */
    public static final Node baselineCost = term("baselineCost");
    /** The device state a planned slot commands, e.g. "on", "charge". */
    public static final Node command = term("command");
    /** A plan's status: feasible, infeasible. */
    public static final Node planStatus = term("planStatus");

    // ---- Rule decisions (issue 3): PROV-O activities; these terms say what PROV-O has no word for.
    /** A decision made by a rule (subclass of prov:Activity). */
    public static final Node Decision = term("Decision");
    /** A rule of a rule package (subclass of prov:SoftwareAgent). */
    public static final Node Rule = term("Rule");
    /** The rule package a rule or decision belongs to. */
    public static final Node rulePackage = term("rulePackage");
    /** The package version that made a decision. */
    public static final Node ruleVersion = term("ruleVersion");
    /** Why a rule decided, in the rule's words. */
    public static final Node reason = term("reason");
    /** One fact a rule matched, as a readable line. */
    public static final Node matchedFact = term("matchedFact");
    /** What a decision does: command, alert, anomaly, rule-failed. */
    public static final Node decisionKind = term("decisionKind");
    /** The thing a decision acts on or is about. */
    public static final Node target = term("target");
    /** JSON pointer of the property a decision commands. */
    public static final Node commandPath = term("commandPath");
    /** The commanded value, as JSON text. */
    public static final Node commandValue = term("commandValue");
    /** Severity of an alert: info, warning, critical. */
    public static final Node severity = term("severity");
    /** What became of a decision: sent, confirmed, not-confirmed, failed, recorded. */
    public static final Node decisionStatus = term("decisionStatus");
    /** What was seen about a decision's outcome, in words. */
    public static final Node statusDetail = term("statusDetail");
    /** When a decision's outcome was known. */
    public static final Node settledAt = term("settledAt");

    private TG() {
    }

    static Node term(String localName) {
        return NodeFactory.createURI(Namespaces.TG + localName);
    }
}
