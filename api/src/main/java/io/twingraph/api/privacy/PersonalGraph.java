package io.twingraph.api.privacy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.util.FmtUtils;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.TwinIris;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;
import io.twingraph.ontology.TG;

/**
 * A person's part of the stored graphs, found in one pass over them: the decisions about them (every triple of a
 * decision that pursued their goal, or used, targeted or named their things) and, in the other graphs, the statements
 * naming their things (the thing's IRI or anything under it) or their subject as a literal. The live graph is left
 * out: it mirrors the twins, which are exported and deleted as twins.
 */
final class PersonalGraph {
    /**
     * @param decisions  each decision's IRI with its triples
     * @param statements the other statements, graph by graph
     */
    record Found(Map<Node, List<Quad>> decisions, List<Quad> statements) {
        boolean isEmpty() {
            return decisions.isEmpty() && statements.isEmpty();
        }

        int quads() {
            return statements.size() + decisions.values().stream().mapToInt(List::size).sum();
        }
    }

    /** A decision as exported: its IRI and its properties (prefixed names) with their values. */
    record DecisionRecord(String iri, Map<String, List<String>> properties) {
    }

    private PersonalGraph() {
    }

    static Found find(KnowledgeGraph graph, Person person) {
        Set<String> thingIris = new LinkedHashSet<>();
        person.things().forEach(t -> thingIris.add(TwinIris.thing(t).getURI()));
        return graph.read(ds -> {
            DatasetGraph dsg = ds.asDatasetGraph();
            Set<Node> decisions = new LinkedHashSet<>();
            List<Quad> statements = new ArrayList<>();
            Iterator<Quad> all = dsg.find();
            while (all.hasNext()) {
                Quad q = all.next();
                if (q.getGraph().equals(Graphs.LIVE)) {
                    continue;
                }
                if (q.getGraph().equals(Graphs.DECISIONS)) {
                    if (aboutThem(q, person, thingIris)) {
                        decisions.add(q.getSubject());
                    }
                } else if (names(q.getSubject(), thingIris) || names(q.getObject(), thingIris)
                        || isSubjectLiteral(q.getObject(), person)) {
                    statements.add(q);
                }
            }
            Map<Node, List<Quad>> triples = new LinkedHashMap<>();
            for (Node d : decisions) {
                List<Quad> of = new ArrayList<>();
                dsg.find(Graphs.DECISIONS, d, Node.ANY, Node.ANY).forEachRemaining(of::add);
                triples.put(d, of);
            }
            return new Found(triples, statements);
        });
    }

    /** Deletes what was found, in one write transaction. */
    static void delete(KnowledgeGraph graph, Found found) {
        if (found.isEmpty()) {
            return;
        }
        graph.write(dsg -> {
            found.statements().forEach(dsg::delete);
            found.decisions().values().forEach(quads -> quads.forEach(dsg::delete));
        });
    }

    static List<DecisionRecord> decisions(Found found) {
        List<DecisionRecord> out = new ArrayList<>();
        found.decisions().forEach((iri, quads) -> {
            Map<String, List<String>> properties = new LinkedHashMap<>();
            for (Quad q : quads) {
                properties.computeIfAbsent(Namespaces.PREFIXES.shortForm(q.getPredicate().getURI()), k -> new ArrayList<>())
                        .add(text(q.getObject()));
            }
            out.add(new DecisionRecord(iri.getURI(), properties));
        });
        return out;
    }

    /** Statements as N-Quads lines. */
    static List<String> statements(Found found) {
        return found.statements().stream().map(q -> FmtUtils.stringForQuad(q) + " .").toList();
    }

    private static boolean aboutThem(Quad q, Person person, Set<String> thingIris) {
        Node o = q.getObject();
        if (names(o, thingIris)) {
            return true;
        }
        if (!o.isLiteral()) {
            return false;
        }
        String text = o.getLiteralLexicalForm();
        return q.getPredicate().equals(TG.matchedFact) ? person.inFact(text) : person.mentionsThing(text);
    }

    /** The node is one of the IRIs or under one ({@code .../features/...}, {@code #obs}). */
    private static boolean names(Node node, Set<String> iris) {
        if (!node.isURI()) {
            return false;
        }
        String uri = node.getURI();
        for (String iri : iris) {
            if (uri.equals(iri) || uri.startsWith(iri + "/") || uri.startsWith(iri + "#")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSubjectLiteral(Node node, Person person) {
        return node.isLiteral() && (node.getLiteralLexicalForm().equals(person.subject())
                || node.getLiteralLexicalForm().equals(person.tag()));
    }

    private static String text(Node node) {
        return node.isLiteral() ? node.getLiteralLexicalForm() : node.isURI() ? node.getURI() : node.toString();
    }
}
