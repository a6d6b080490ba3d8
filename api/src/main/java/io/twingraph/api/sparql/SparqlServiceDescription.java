package io.twingraph.api.sparql;

import java.time.Duration;

import org.apache.jena.graph.Graph;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;

/**
 * The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/) that a GET on the
 * endpoint without a query returns, so that clients can discover what the endpoint speaks: query language, result
 * formats and the union default graph.
 */
final class SparqlServiceDescription {
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    static final String FORMATS = "http://www.w3.org/ns/formats/";
    private static final String ENTAILMENT = "http://www.w3.org/ns/entailment/";

    /** The W3C format IRIs of what {@link SparqlFormats} writes, in the same order. */
    private static final String[] RESULT_FORMATS = {
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
        "Turtle", "N-Triples", "JSON-LD", "RDF_XML"
    };

    private SparqlServiceDescription() {
    }

    /**
     * Describes the endpoint.
     *
     * @param endpointUrl the URL the client used, so that {@code sd:endpoint} matches it (the W3C test checks this)
     */
    static Graph describe(String endpointUrl, Duration timeLimit) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefix("sd", SD).setNsPrefix("format", FORMATS).setNsPrefix("rdfs", RDFS.getURI());
        Resource service = m.createResource()
                .addProperty(RDF.type, sd(m, "Service"))
                .addProperty(sdp(m, "endpoint"), m.createResource(endpointUrl))
                .addProperty(sdp(m, "supportedLanguage"), sd(m, "SPARQL11Query"))
                // The default graph of a query is the union of the named graphs (KnowledgeGraph's contract).
                .addProperty(sdp(m, "feature"), sd(m, "UnionDefaultGraph"))
                .addProperty(sdp(m, "defaultEntailmentRegime"), m.createResource(ENTAILMENT + "Simple"))
                .addProperty(RDFS.comment, "TwinGraph knowledge graph, read-only over SPARQL. Queries run for at most "
                        + timeLimit.toMillis() + " ms (the 'timeout' parameter, in ms, can lower this).");
        for (String format : RESULT_FORMATS) {
            service.addProperty(sdp(m, "resultFormat"), m.createResource(FORMATS + format));
        }
        // Named graphs are not enumerated here: the set changes at run time (imports, simulations) and listing it
        // would cost a scan on every description request. SELECT DISTINCT ?g { GRAPH ?g {} } lists them.
        Resource dataset = m.createResource().addProperty(RDF.type, sd(m, "Dataset"))
                .addProperty(sdp(m, "defaultGraph"), m.createResource().addProperty(RDF.type, sd(m, "Graph")));
        service.addProperty(sdp(m, "defaultDataset"), dataset);
        return m.getGraph();
    }

    private static Resource sd(Model m, String local) {
        return m.createResource(SD + local);
    }

    private static Property sdp(Model m, String local) {
        return m.createProperty(SD, local);
    }
}
