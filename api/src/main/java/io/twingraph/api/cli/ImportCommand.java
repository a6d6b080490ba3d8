package io.twingraph.api.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Graphs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph import FILE}: loads a topology model (e.g. a Brick building) into a named graph. Goes through
 * the running server's graph store when one serves the data directory, else opens the data directory itself.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an RDF model (Turtle, N-Triples, RDF/XML, JSON-LD) into the knowledge graph.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The RDF file, e.g. a Brick model (.ttl).")
    Path file;

    @Option(names = "--graph", description = "Named graph to load into (default: the topology graph, ${DEFAULT-VALUE}).",
            defaultValue = "https://twingraph.io/graph/topology")
    String graph;

    @Option(names = "--replace", description = "Empty the graph first.")
    boolean replace;

    @Mixin
    RunningServer location;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Lang lang = RDFLanguages.filenameToLang(file.toString());
        if (lang == null || RDFLanguages.isQuads(lang)) {
            throw new IllegalArgumentException("cannot tell the RDF format of " + file + " (use .ttl, .nt, .rdf or .jsonld)");
        }
        var url = location.find();
        if (url.isPresent()) {
            String target = url.get() + "/graph-store?graph=" + URLEncoder.encode(graph, StandardCharsets.UTF_8);
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofFile(file);
            HttpRequest request = location.request(target).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", lang.getHeaderString() + "; charset=utf-8")
                    .method(replace ? "PUT" : "POST", body).build();
            HttpResponse<String> response = RunningServer.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                spec.commandLine().getErr().println("error: the server refused the import (" + response.statusCode() + "): " + response.body());
                return 1;
            }
            out.println("Imported " + file + " into <" + graph + "> via " + url.get() + ": " + response.body());
            return 0;
        }
        try (KnowledgeGraph kg = KnowledgeGraph.open(location.data.resolve("graph"))) {
            var g = NodeFactory.createURI(graph);
            long n = kg.importFile(file, g, replace);
            out.println("Imported " + n + " triples from " + file + " into <" + graph + "> in " + location.data
                    + " (graph now has " + kg.size(g) + " triples).");
        } catch (TwinGraphException e) {
            if (e.code().equals("graph:store.unavailable")) {
                throw new TwinGraphException(e.code(), e.kind(), e.getMessage(),
                        "A TwinGraph may be running on " + location.data + " without answering; stop it or pass --server URL.");
            }
            throw e;
        }
        return 0;
    }

    static String defaultGraph() {
        return Graphs.TOPOLOGY.getURI();
    }
}
