package io.twingraph.planners.graph;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;

import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.TwinIris;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.TG;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.Plan;

/**
 * Writes a plan into the plans named graph, replacing an earlier version of the same plan:
 * <pre>
 * plan:ID a tg:Plan ; tg:slotStart ; tg:slotEnd ; tg:slotMinutes ; tg:cost ; tg:baselineCost ; tg:planStatus ;
 *     prov:generatedAtTime .
 * plan:ID/DEVICE/SLOT a tg:PlannedSlot ; tg:inPlan plan:ID ; tg:deviceId "washer" ; tg:forDevice thing:... ;
 *     tg:slotStart ; tg:slotEnd ; tg:powerW ; tg:command "on" | "charge" | "discharge" .
 * </pre>
 * Only slots in which a device does something are written. A replan of an executed plan is a plan of its own that
 * names the plan it revises ({@link #writeReplan}).
 */
public final class PlanGraphWriter {
    /** Plans get IRIs under this base. */
    public static final String PLAN_BASE = "https://twingraph.io/plan/";
    private static final Node GENERATED_AT = NodeFactory.createURI("http://www.w3.org/ns/prov#generatedAtTime");
    private static final Node REVISION_OF = NodeFactory.createURI("http://www.w3.org/ns/prov#wasRevisionOf");

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
        graph.write(dsg -> write(dsg, planIri(planId), plan, thingIris, at));
    }

    /**
     * Writes a replan of an executed plan as its own {@code tg:Plan}, {@code plan:ID-rN}, with its slots as above and
     * <pre>
     * plan:ID-rN prov:wasRevisionOf plan:ID (N = 1) or plan:ID-r(N-1) ; tg:reason "..." .
     * </pre>
     *
     * @return the revision's IRI
     */
    public static Node writeReplan(KnowledgeGraph graph, String planId, int number, Plan plan,
                                   Map<String, Node> thingIris, Instant at, java.util.List<String> reasons) {
        Node revision = planIri(planId + "-r" + number);
        Node previous = planIri(number <= 1 ? planId : planId + "-r" + (number - 1));
        graph.write(dsg -> {
            write(dsg, revision, plan, thingIris, at);
            add(dsg, revision, REVISION_OF, previous);
            for (String reason : reasons) {
                add(dsg, revision, TG.reason, NodeFactory.createLiteralString(reason));
            }
        });
        return revision;
    }

    /** The twin IRI of every device of a problem that has a control with a valid thing id. */
    public static Map<String, Node> thingIris(EnergyProblem problem) {
        Map<String, Node> iris = new java.util.HashMap<>();
        java.util.function.BiConsumer<String, EnergyProblem.Control> put = (id, control) -> {
            if (control != null && control.thingId() != null) {
                try {
                    iris.put(id, TwinIris.thing(ThingId.of(control.thingId())));
                } catch (RuntimeException e) {
                    // not a thing id: the planned slots name the device by its id only
                }
            }
        };
        problem.loads().forEach(l -> put.accept(l.id(), l.control()));
        problem.evs().forEach(e -> put.accept(e.id(), e.control()));
        if (problem.battery() != null) {
            put.accept(problem.battery().id(), problem.battery().control());
        }
        return iris;
    }

    private static void write(DatasetGraph dsg, Node p, Plan plan, Map<String, Node> thingIris, Instant at) {
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
