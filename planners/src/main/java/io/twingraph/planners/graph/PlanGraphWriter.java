package io.twingraph.planners.graph;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.TG;
import io.twingraph.planners.solve.Plan;

/**
 * Writes a plan into the plans named graph, replacing an earlier version of the same plan:
 * <pre>
 * plan:ID a tg:Plan ; tg:slotStart ; tg:slotEnd ; tg:slotMinutes ; tg:cost ; tg:baselineCost ; tg:planStatus ;
 *     prov:generatedAtTime .
 * plan:ID/DEVICE/SLOT a tg:PlannedSlot ; tg:inPlan plan:ID ; tg:deviceId "washer" ; tg:forDevice thing:... ;
 *     tg:slotStart ; tg:slotEnd ; tg:powerW ; tg:command "on" | "charge" | "discharge" .
 * </pre>
 * Only slots in which a device does something are written.
 */
public final class PlanGraphWriter {
    /** Plans get IRIs under this base. */
    public static final String PLAN_BASE = "https://twingraph.io/plan/";
    private static final Node GENERATED_AT = NodeFactory.createURI("http://www.w3.org/ns/prov#generatedAtTime");

    private PlanGraphWriter() {
    }

    public static Node planIri(String planId) {
        return NodeFactory.createURI(PLAN_BASE + planId);
    }

    /**
     * @param thingIris the twin IRI of each device id that has one
     * @param at        when the plan was made
     */
    public static void write(KnowledgeGraph graph, String planId, Plan plan, Map<String, Node> thingIris, Instant at) {
        Node p = planIri(planId);
        graph.write(dsg -> {
            remove(dsg, p);
            add(dsg, p, RDF.type.asNode(), TG.Plan);
            add(dsg, p, TG.slotStart, time(plan.start()));
            add(dsg, p, TG.slotEnd, time(end(plan, plan.slots())));
            add(dsg, p, TG.slotMinutes, NodeFactory.createLiteralDT(Integer.toString(plan.slotMinutes()), XSDDatatype.XSDinteger));
            add(dsg, p, TG.cost, decimal(plan.planned().cost()));
            add(dsg, p, TG.baselineCost, decimal(plan.baseline().cost()));
            add(dsg, p, TG.planStatus, NodeFactory.createLiteralString(plan.status()));
            add(dsg, p, GENERATED_AT, time(at));
            for (Plan.DeviceSchedule device : plan.devices()) {
                for (int t = 0; t < device.powerW().size(); t++) {
                    double w = device.powerW().get(t);
                    if (w == 0) {
                        continue;
                    }
                    Node s = NodeFactory.createURI(p.getURI() + "/" + encode(device.id()) + "/" + t);
                    add(dsg, s, RDF.type.asNode(), TG.PlannedSlot);
                    add(dsg, s, TG.inPlan, p);
                    add(dsg, s, TG.deviceId, NodeFactory.createLiteralString(device.id()));
                    Node thing = thingIris.get(device.id());
                    if (thing != null) {
                        add(dsg, s, TG.forDevice, thing);
                    }
                    add(dsg, s, TG.slotStart, time(end(plan, t)));
                    add(dsg, s, TG.slotEnd, time(end(plan, t + 1)));
                    add(dsg, s, TG.powerW, decimal(w));
                    add(dsg, s, TG.command, NodeFactory.createLiteralString(command(device.kind(), w)));
                }
            }
        });
    }

    /** The state a device is commanded into for a planned power. */
    public static String command(String kind, double watts) {
        if ("battery".equals(kind)) {
            return watts > 0 ? "charge" : watts < 0 ? "discharge" : "idle";
        }
        return watts > 0 ? "on" : "off";
    }

    private static void remove(DatasetGraph dsg, Node plan) {
        java.util.List<Node> slots = new java.util.ArrayList<>();
        dsg.find(Graphs.PLANS, Node.ANY, TG.inPlan, plan).forEachRemaining(q -> slots.add(q.getSubject()));
        slots.forEach(s -> dsg.deleteAny(Graphs.PLANS, s, Node.ANY, Node.ANY));
        dsg.deleteAny(Graphs.PLANS, plan, Node.ANY, Node.ANY);
    }

    private static void add(DatasetGraph dsg, Node s, Node p, Node o) {
        dsg.add(Graphs.PLANS, s, p, o);
    }

    private static Instant end(Plan plan, int slots) {
        return plan.start().plusSeconds(60L * plan.slotMinutes() * slots);
    }

    private static Node time(Instant t) {
        return NodeFactory.createLiteralDT(t.toString(), XSDDatatype.XSDdateTime);
    }

    private static Node decimal(double v) {
        return NodeFactory.createLiteralDT(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(), XSDDatatype.XSDdecimal);
    }

    private static String encode(String id) {
        return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }
}
