package io.twingraph.engine.rules;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.TwinIris;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;
import io.twingraph.ontology.TG;

/**
 * Decisions in the decisions graph, as PROV-O: each one a {@code tg:Decision} (a {@code prov:Activity})
 * {@code prov:wasAssociatedWith} its rule (a {@code prov:SoftwareAgent}), {@code prov:used} the things it matched,
 * with its reason, matched facts, command, and status. "Why did the heating turn on?" is a SPARQL query over it.
 */
public final class DecisionLog {
    private static final Node PROV_ACTIVITY = prov("Activity");
    private static final Node PROV_AGENT = prov("SoftwareAgent");
    private static final Node PROV_ASSOCIATED = prov("wasAssociatedWith");
    private static final Node PROV_STARTED = prov("startedAtTime");
    private static final Node PROV_USED = prov("used");

    private final KnowledgeGraph graph;

    public DecisionLog(KnowledgeGraph graph) {
        this.graph = graph;
    }

    /** The IRI of a decision. */
    public static Node iri(String decisionId) {
        return NodeFactory.createURI(Namespaces.DECISION + decisionId);
    }

    /** The IRI of a rule. */
    public static Node ruleIri(String pkg, String rule) {
        return NodeFactory.createURI(Namespaces.RULE + pkg + "/"
                + URLEncoder.encode(rule, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** True when a decision with this id has been recorded (so its action was already taken). */
    public boolean contains(String decisionId) {
        Node node = iri(decisionId);
        return graph.read(ds -> ds.asDatasetGraph().getGraph(Graphs.DECISIONS).contains(node, RDF.type.asNode(), TG.Decision));
    }

    /**
     * Records new decisions and the outcomes of earlier ones in one transaction: a TDB2 commit is a disk sync, so the
     * runtime gathers what it has to write rather than committing decision by decision.
     */
    public void write(List<Decision> recorded, List<Decision> settled, Instant settledAt) {
        if (recorded.isEmpty() && settled.isEmpty()) {
            return;
        }
        graph.write(ds -> {
            for (Decision d : recorded) {
                write(ds, d);
            }
            for (Decision d : settled) {
                Node s = iri(d.id());
                ds.deleteAny(Graphs.DECISIONS, s, TG.decisionStatus, Node.ANY);
                ds.deleteAny(Graphs.DECISIONS, s, TG.statusDetail, Node.ANY);
                ds.deleteAny(Graphs.DECISIONS, s, TG.settledAt, Node.ANY);
                ds.add(Graphs.DECISIONS, s, TG.decisionStatus, string(status(d.status())));
                ds.add(Graphs.DECISIONS, s, TG.statusDetail, string(d.detail()));
                ds.add(Graphs.DECISIONS, s, TG.settledAt, time(settledAt));
            }
        });
    }

    /** What identifies a command regardless of the firing that made it: device, property and value. */
    public static String commandKey(Decision.Command c) {
        return c.thingId() + " " + c.path() + " " + c.value();
    }

    /** The {@link #commandKey}s of command decisions recorded since the given time. */
    public java.util.Set<String> commandsSince(Instant since) {
        return graph.read(ds -> {
            var g = ds.asDatasetGraph().getGraph(Graphs.DECISIONS);
            java.util.Set<String> keys = new java.util.HashSet<>();
            g.find(Node.ANY, TG.commandPath, Node.ANY).forEachRemaining(t -> {
                Node d = t.getSubject();
                var started = g.find(d, PROV_STARTED, Node.ANY).nextOptional();
                var target = g.find(d, TG.target, Node.ANY).nextOptional();
                var value = g.find(d, TG.commandValue, Node.ANY).nextOptional();
                if (started.isEmpty() || target.isEmpty() || value.isEmpty()) {
                    return;
                }
                Instant at = Instant.parse(started.get().getObject().getLiteralLexicalForm());
                if (!at.isBefore(since)) {
                    TwinIris.thingId(target.get().getObject()).ifPresent(id -> keys.add(commandKey(new Decision.Command(
                            id.toString(), t.getObject().getLiteralLexicalForm(), value.get().getObject().getLiteralLexicalForm()))));
                }
            });
            return keys;
        });
    }

    /** How many decisions the graph holds. */
    public long count() {
        return graph.read(ds -> {
            var g = ds.asDatasetGraph().getGraph(Graphs.DECISIONS);
            return (long) g.find(Node.ANY, RDF.type.asNode(), TG.Decision).toList().size();
        });
    }

    /** The status word used in the graph and the API: {@code not-confirmed}, {@code dry-run}... */
    public static String status(Decision.Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The kind word used in the graph and the API: {@code command}, {@code rule-failed}... */
    public static String kind(Decision.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static void write(DatasetGraph ds, Decision d) {
        Node g = Graphs.DECISIONS;
        Node s = iri(d.id());
        Node rule = ruleIri(d.pkg(), d.rule());
        ds.add(g, rule, RDF.type.asNode(), TG.Rule);
        ds.add(g, rule, RDF.type.asNode(), PROV_AGENT);
        ds.add(g, rule, RDFS.label.asNode(), string(d.rule()));
        ds.add(g, rule, TG.rulePackage, string(d.pkg()));
        ds.add(g, s, RDF.type.asNode(), TG.Decision);
        ds.add(g, s, RDF.type.asNode(), PROV_ACTIVITY);
        ds.add(g, s, PROV_ASSOCIATED, rule);
        ds.add(g, s, PROV_STARTED, time(d.time()));
        ds.add(g, s, TG.rulePackage, string(d.pkg()));
        ds.add(g, s, TG.ruleVersion, NodeFactory.createLiteralDT(Integer.toString(d.version()), XSDDatatype.XSDinteger));
        ds.add(g, s, TG.reason, string(d.reason()));
        ds.add(g, s, TG.decisionKind, string(kind(d.kind())));
        ds.add(g, s, TG.decisionStatus, string(status(d.status())));
        ds.add(g, s, TG.statusDetail, string(d.detail()));
        for (String fact : d.matched()) {
            ds.add(g, s, TG.matchedFact, string(fact));
        }
        for (String device : d.devices()) {
            thingIri(device).ifPresent(t -> ds.add(g, s, PROV_USED, t));
        }
        if (d.command() != null) {
            thingIri(d.command().thingId()).ifPresent(t -> ds.add(g, s, TG.target, t));
            ds.add(g, s, TG.commandPath, string(d.command().path()));
            ds.add(g, s, TG.commandValue, string(d.command().value()));
        } else if (!d.devices().isEmpty() && d.kind() != Decision.Kind.RULE_FAILED) {
            thingIri(d.devices().get(0)).ifPresent(t -> ds.add(g, s, TG.target, t));
        }
        if (d.severity() != null) {
            ds.add(g, s, TG.severity, string(d.severity()));
        }
    }

    private static Optional<Node> thingIri(String thingId) {
        try {
            return Optional.of(TwinIris.thing(ThingId.of(thingId)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Node string(String s) {
        return NodeFactory.createLiteralString(s);
    }

    private static Node time(Instant t) {
        return NodeFactory.createLiteralDT(t.toString(), XSDDatatype.XSDdateTime);
    }

    private static Node prov(String local) {
        return NodeFactory.createURI(Namespaces.PROV + local);
    }

}
