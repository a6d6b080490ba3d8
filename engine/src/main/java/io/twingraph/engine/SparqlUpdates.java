package io.twingraph.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.modify.request.Target;
import org.apache.jena.sparql.modify.request.UpdateBinaryOp;
import org.apache.jena.sparql.modify.request.UpdateClear;
import org.apache.jena.sparql.modify.request.UpdateCreate;
import org.apache.jena.sparql.modify.request.UpdateData;
import org.apache.jena.sparql.modify.request.UpdateDeleteWhere;
import org.apache.jena.sparql.modify.request.UpdateDropClear;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.sparql.modify.request.UpdateMove;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateAction;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;

/**
 * SPARQL 1.1 Update on the stored graphs (topology, plans, imported models), for administrators. What it refuses, and
 * why: the live graph and the decision record (twins change through the things API or MQTT, and the graph follows
 * them; decisions are evidence), the default graph (queries see the union of the named graphs, so triples there would
 * be invisible), graphs named by a variable (the target cannot be checked before running), {@code LOAD} and
 * {@code SERVICE} (the server would fetch URLs of the caller's choosing).
 */
public final class SparqlUpdates {
    private static final Set<Node> PROTECTED = Set.of(Graphs.LIVE, Graphs.DECISIONS);

    private final KnowledgeGraph graph;

    public SparqlUpdates(KnowledgeGraph graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    /**
     * Parses, checks and runs an update in one write transaction: all of it or none.
     *
     * @throws TwinGraphException {@code sparql:update.invalid} for a syntax error (with line and column),
     *                            {@code sparql:update.refused} naming the operation and the reason
     */
    public void run(String text) {
        UpdateRequest request = parse(text);
        for (Update op : request.getOperations()) {
            check(op);
        }
        graph.write(dsg -> UpdateAction.execute(request, dsg));
    }

    static UpdateRequest parse(String text) {
        if (text == null || text.isBlank()) {
            throw new TwinGraphException("sparql:update.missing", TwinGraphException.Kind.INVALID, "No update given.",
                    "Send it as an application/sparql-update body or in the 'update' form parameter.");
        }
        UpdateRequest request = new UpdateRequest();
        request.setPrefixMapping(org.apache.jena.shared.PrefixMapping.Factory.create().setNsPrefixes(Namespaces.PREFIXES));
        try {
            UpdateFactory.parse(request, text, null, Syntax.syntaxSPARQL_11);
            return request;
        } catch (QueryParseException e) {
            String where = e.getLine() > 0 ? " (line " + e.getLine() + ", column " + e.getColumn() + ")" : "";
            throw new TwinGraphException("sparql:update.invalid", TwinGraphException.Kind.INVALID,
                    "SPARQL Update syntax error" + where + ": " + e.getMessage().lines().findFirst().orElse(""),
                    "Fix the update; common prefixes need no PREFIX line.", e);
        }
    }

    private static void check(Update op) {
        String name = op.getClass().getSimpleName().replace("Update", "").toUpperCase(java.util.Locale.ROOT);
        if (op instanceof UpdateLoad) {
            throw refused("LOAD", "the server does not fetch URLs for a caller; import files with the Graph Store Protocol (PUT/POST /graph-store?graph=...) or twingraph import");
        }
        List<Node> targets = new ArrayList<>();
        if (op instanceof UpdateData d) {
            d.getQuads().forEach(q -> targets.add(q.getGraph()));
        } else if (op instanceof UpdateDeleteWhere d) {
            d.getQuads().forEach(q -> targets.add(q.getGraph()));
        } else if (op instanceof UpdateModify m) {
            Node with = m.getWithIRI();
            m.getDeleteQuads().forEach(q -> targets.add(Quad.isDefaultGraph(q.getGraph()) && with != null ? with : q.getGraph()));
            m.getInsertQuads().forEach(q -> targets.add(Quad.isDefaultGraph(q.getGraph()) && with != null ? with : q.getGraph()));
            if (m.getWherePattern() != null && usesService(m)) {
                throw refused("MODIFY", "SERVICE would make the server fetch other endpoints");
            }
        } else if (op instanceof UpdateDropClear dc) {
            targets.add(target(dc.getTarget(), name));
        } else if (op instanceof UpdateCreate c) {
            targets.add(c.getGraph());
        } else if (op instanceof UpdateBinaryOp b) {
            targets.add(target(b.getDest(), name));
            if (op instanceof UpdateMove) {
                targets.add(target(b.getSrc(), name));
            }
        } else {
            throw refused(name, "this operation is not supported");
        }
        for (Node g : targets) {
            if (g == null || Quad.isDefaultGraph(g) || g.equals(Quad.defaultGraphNodeGenerated)) {
                throw refused(name, "it writes to the default graph, which queries do not see (they see the union of the named graphs): put the triples in GRAPH <...> { } or use WITH <...>");
            }
            if (g.isVariable()) {
                throw refused(name, "GRAPH " + g + " names its target by a variable; name the graph");
            }
            if (PROTECTED.contains(g)) {
                throw refused(name, "<" + g.getURI() + "> is kept by TwinGraph itself (twins change through the things API or MQTT; decisions are a record)");
            }
        }
    }

    private static Node target(Target t, String op) {
        if (t.isOneNamedGraph()) {
            return t.getGraph();
        }
        if (t.isDefault()) {
            return Quad.defaultGraphIRI;
        }
        throw refused(op, "ALL/NAMED would include the graphs TwinGraph keeps itself; name one graph");
    }

    private static boolean usesService(UpdateModify m) {
        boolean[] found = {false};
        ElementWalker.walk(m.getWherePattern(), new ElementVisitorBase() {
            @Override
            public void visit(ElementService el) {
                found[0] = true;
            }
        });
        return found[0];
    }

    private static TwinGraphException refused(String op, String reason) {
        return new TwinGraphException("sparql:update.refused", TwinGraphException.Kind.INVALID,
                "SPARQL Update refused (" + op + "): " + reason + ".", null);
    }
}
