package io.twingraph.api.graphstore;

import java.io.ByteArrayOutputStream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.sparql.graph.GraphFactory;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;

/**
 * The SPARQL 1.1 Graph Store HTTP Protocol (indirect identification) at {@code /graph-store?graph=IRI}: GET a named
 * graph, PUT (replace) or POST (add) RDF into it, DELETE it. How topology models get into a running TwinGraph
 * ({@code twingraph import}). The live graph is owned by the twin mirror and cannot be written here.
 */
public final class GraphStoreRoutes implements RouteGroup {
    private final KnowledgeGraph graph;

    public GraphStoreRoutes(KnowledgeGraph graph) {
        this.graph = graph;
    }

    /** What an import did. */
    public record Imported(String graph, long triples, long graphSize) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/graph-store", this::get, Role.READER);
        routes.put("/graph-store", ctx -> load(ctx, true), Role.ADMIN);
        routes.post("/graph-store", ctx -> load(ctx, false), Role.ADMIN);
        routes.delete("/graph-store", this::delete, Role.ADMIN);
    }

    private void get(Context ctx) {
        Node g = graphParam(ctx, false);
        Graph copy = graph.read(ds -> {
            Graph out = GraphFactory.createDefaultGraph();
            ds.asDatasetGraph().getGraph(g).find().forEachRemaining(out::add);
            return out;
        });
        if (copy.isEmpty()) {
            throw new TwinGraphException("graphstore:graph.notfound", TwinGraphException.Kind.NOT_FOUND,
                    "The graph " + g.getURI() + " is empty or does not exist.", null);
        }
        copy.getPrefixMapping().setNsPrefixes(Namespaces.PREFIXES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RDFDataMgr.write(out, copy, Lang.TURTLE);
        ctx.contentType("text/turtle; charset=utf-8").result(out.toByteArray());
    }

    private void load(Context ctx, boolean replace) {
        Node g = graphParam(ctx, true);
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
        Lang lang = RDFLanguages.contentTypeToLang(contentType);
        if (lang == null || RDFLanguages.isQuads(lang)) {
            throw new TwinGraphException("graphstore:content-type.unsupported", TwinGraphException.Kind.INVALID,
                    "Unsupported content type '" + contentType + "' for a graph.",
                    "Send text/turtle, application/n-triples, application/rdf+xml or application/ld+json.");
        }
        boolean existed = graph.size(g) > 0;
        long triples = graph.importText(ctx.body(), lang, g, replace);
        ctx.status(existed ? 200 : 201).json(new Imported(g.getURI(), triples, graph.size(g)));
    }

    private void delete(Context ctx) {
        Node g = graphParam(ctx, true);
        if (graph.size(g) == 0) {
            throw new TwinGraphException("graphstore:graph.notfound", TwinGraphException.Kind.NOT_FOUND,
                    "The graph " + g.getURI() + " is empty or does not exist.", null);
        }
        graph.write(dsg -> dsg.deleteAny(g, Node.ANY, Node.ANY, Node.ANY));
        ctx.status(204);
    }

    private static Node graphParam(Context ctx, boolean forWriting) {
        String iri = ctx.queryParam("graph");
        if (iri == null || iri.isBlank()) {
            if (ctx.queryParam("default") != null) {
                throw new TwinGraphException("graphstore:default.unsupported", TwinGraphException.Kind.INVALID,
                        "The default graph is the union of all named graphs and cannot be addressed on its own.",
                        "Name a graph with ?graph=IRI, e.g. " + Graphs.TOPOLOGY.getURI());
            }
            throw new TwinGraphException("graphstore:graph.missing", TwinGraphException.Kind.INVALID,
                    "No graph named.", "Add ?graph=IRI, e.g. " + Graphs.TOPOLOGY.getURI());
        }
        Node g = NodeFactory.createURI(iri);
        if (forWriting && (g.equals(Graphs.LIVE) || g.equals(Graphs.DECISIONS) || g.equals(Graphs.PLANS))) {
            throw new TwinGraphException("graphstore:graph.reserved", TwinGraphException.Kind.CONFLICT,
                    "The graph " + iri + " is written by TwinGraph itself.",
                    "Change twins through the things API or MQTT; import models into " + Graphs.TOPOLOGY.getURI());
        }
        return g;
    }
}
