package io.twingraph.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.riot.Lang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.ontology.Graphs;

/**
 * Deleted triples stay in TDB2's files (copy-on-write, and the node table only grows) until the graph is compacted;
 * after that the files no longer hold them, and queries over the union default graph still work.
 */
class TdbCompactionTest {
    @TempDir
    Path dir;

    private static boolean filesContain(Path root, String text) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> labels(KnowledgeGraph graph) {
        return graph.read(ds -> {
            try (QueryExecution q = QueryExecution.dataset(ds)
                    .query("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l").build()) {
                List<String> out = new java.util.ArrayList<>();
                q.execSelect().forEachRemaining(r -> out.add(r.getLiteral("l").getString()));
                return out;
            }
        });
    }

    @Test
    void compactionRemovesDeletedTriplesFromTheFilesAndKeepsTheRestQueryable() throws IOException {
        Path location = dir.resolve("graph");
        try (KnowledgeGraph graph = KnowledgeGraph.open(location)) {
            graph.importText("<urn:x:phone> <http://www.w3.org/2000/01/rdf-schema#label> \"Phone of Zelda Example\" .\n"
                    + "<urn:x:lamp> <http://www.w3.org/2000/01/rdf-schema#label> \"Hall lamp\" .", Lang.NTRIPLES,
                    Graphs.TOPOLOGY, false);
            Node phone = NodeFactory.createURI("urn:x:phone");
            graph.write(dsg -> dsg.deleteAny(Graphs.TOPOLOGY, phone, Node.ANY, Node.ANY));
            assertThat(labels(graph)).containsExactly("Hall lamp");
            assertThat(filesContain(location, "Zelda Example")).as("deleted, but still in the node table").isTrue();

            graph.compact();

            assertThat(filesContain(location, "Zelda Example")).isFalse();
            assertThat(labels(graph)).containsExactly("Hall lamp");
            graph.write(dsg -> dsg.add(Graphs.TOPOLOGY, NodeFactory.createURI("urn:x:door"),
                    NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label"), NodeFactory.createLiteralString("Door")));
        }
        try (KnowledgeGraph reopened = KnowledgeGraph.open(location)) {
            assertThat(labels(reopened)).containsExactly("Door", "Hall lamp");
        }
    }
}
