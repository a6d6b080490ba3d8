package io.twingraph.api.eval;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFList;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.vocabulary.RDF;

/**
 * The W3C service-description tests ({@code sparql/sparql11/service-description/manifest.ttl}). The manifest names
 * the tests but gives no requests, so each known test has its check here: a GET on the endpoint must return RDF, that
 * RDF must hold an {@code sd:endpoint} triple naming the URL that was fetched, and it must keep to the Service
 * Description vocabulary's domains and ranges (a hand-written subset of the schema, listed in {@link #schemaProblem}).
 */
final class SparqlServiceDescriptionChecks {
    static final String SUITE = "service-description";
    private static final String MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
    private static final String SD = "http://www.w3.org/ns/sparql-service-description#";
    private static final Set<String> CHECKED = Set.of("returns-rdf", "has-endpoint-triple", "conforms-to-schema");
    private static final Set<String> LANGUAGES = Set.of(SD + "SPARQL10Query", SD + "SPARQL11Query", SD + "SPARQL11Update");

    private final HttpClient client;
    private final String endpoint;

    SparqlServiceDescriptionChecks(HttpClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** Runs every test the manifest lists, in its order. */
    List<SparqlEvalOutcome> run(Path manifest) {
        Model m = RDFDataMgr.loadModel(manifest.toString());
        Resource manifestNode = m.listResourcesWithProperty(RDF.type, m.createResource(MF + "Manifest")).next();
        List<SparqlEvalOutcome> outcomes = new ArrayList<>();
        for (RDFNode entry : manifestNode.getPropertyResourceValue(m.createProperty(MF, "entries")).as(RDFList.class).asJavaList()) {
            Resource test = entry.asResource();
            String id = test.getLocalName();
            String name = test.hasProperty(m.createProperty(MF, "name")) ? test.getProperty(m.createProperty(MF, "name")).getString() : id;
            outcomes.add(run(id, name));
        }
        return outcomes;
    }

    private SparqlEvalOutcome run(String id, String name) {
        if (!CHECKED.contains(id)) {
            return SparqlEvalOutcome.unsupported(SUITE, id, name, false, "no check is implemented for this test");
        }
        try {
            String problem = switch (id) {
                case "returns-rdf" -> returnsRdfProblem();
                case "has-endpoint-triple" -> endpointTripleProblem(fetch(null));
                default -> schemaProblem(fetch(null));
            };
            return problem == null ? SparqlEvalOutcome.pass(SUITE, id, name, false, "")
                    : SparqlEvalOutcome.fail(SUITE, id, name, false, problem);
        } catch (IOException | RuntimeException e) {
            return SparqlEvalOutcome.fail(SUITE, id, name, false, "could not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SparqlEvalOutcome.fail(SUITE, id, name, false, "interrupted");
        }
    }

    /** With no Accept header and with an RDF/XML one, as RDF/XML is what older service-description clients ask for. */
    private String returnsRdfProblem() throws IOException, InterruptedException {
        for (String accept : new String[] {null, "application/rdf+xml"}) {
            Fetched fetched = fetch(accept);
            if (fetched.problem() != null) {
                return fetched.problem();
            }
        }
        return null;
    }

    private static String endpointTripleProblem(Fetched fetched) {
        if (fetched.problem() != null) {
            return fetched.problem();
        }
        Model m = fetched.model();
        boolean found = m.contains(null, m.createProperty(SD, "endpoint"), m.createResource(fetched.url()));
        return found ? null : "no sd:endpoint <" + fetched.url() + "> triple";
    }

    /**
     * Checks: the sd:endpoint subject is an sd:Service; sd:supportedLanguage values are the three sd:Language
     * instances; sd:resultFormat, sd:inputFormat, sd:feature, sd:defaultEntailmentRegime and sd:endpoint values are
     * IRIs; sd:defaultDataset values are sd:Datasets; sd:namedGraph values have an IRI sd:name.
     */
    private static String schemaProblem(Fetched fetched) {
        if (fetched.problem() != null) {
            return fetched.problem();
        }
        Model m = fetched.model();
        List<String> problems = new ArrayList<>();
        for (Statement s : m.listStatements(null, sd(m, "endpoint"), (RDFNode) null).toList()) {
            if (!s.getSubject().hasProperty(RDF.type, m.createResource(SD + "Service"))) {
                problems.add("the sd:endpoint subject is not an sd:Service");
            }
        }
        for (RDFNode language : m.listObjectsOfProperty(sd(m, "supportedLanguage")).toList()) {
            if (!language.isURIResource() || !LANGUAGES.contains(language.asResource().getURI())) {
                problems.add("sd:supportedLanguage " + language + " is not an sd:Language");
            }
        }
        for (String p : new String[] {"endpoint", "resultFormat", "inputFormat", "feature", "defaultEntailmentRegime"}) {
            m.listObjectsOfProperty(sd(m, p)).filterDrop(RDFNode::isURIResource)
                    .forEach(o -> problems.add("sd:" + p + " " + o + " is not an IRI"));
        }
        m.listObjectsOfProperty(sd(m, "defaultDataset"))
                .filterDrop(d -> d.isResource() && d.asResource().hasProperty(RDF.type, m.createResource(SD + "Dataset")))
                .forEach(d -> problems.add("sd:defaultDataset " + d + " is not an sd:Dataset"));
        for (RDFNode graph : m.listObjectsOfProperty(sd(m, "namedGraph")).toList()) {
            Resource graphName = graph.isResource() ? graph.asResource().getPropertyResourceValue(sd(m, "name")) : null;
            if (graphName == null || !graphName.isURIResource()) {
                problems.add("sd:namedGraph " + graph + " has no IRI sd:name");
            }
        }
        if (m.listSubjectsWithProperty(RDF.type, m.createResource(SD + "Service")).toList().isEmpty()) {
            problems.add("no sd:Service");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static Property sd(Model m, String local) {
        return m.createProperty(SD, local);
    }

    /** A GET of the endpoint: the parsed description, or what went wrong. */
    private record Fetched(String url, Model model, String problem) {
    }

    private Fetched fetch(String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String asked = accept == null ? "GET" : "GET (Accept: " + accept + ")";
        if (response.statusCode() / 100 != 2) {
            return new Fetched(endpoint, null, asked + " answered " + SparqlProtocolRunner.describe(response));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        Lang lang = contentType.isEmpty() ? null : RDFLanguages.contentTypeToLang(MediaType.create(contentType).getContentTypeStr());
        if (lang == null || !RDFLanguages.isTriples(lang)) {
            return new Fetched(endpoint, null, asked + " answered Content-Type '" + contentType + "', not RDF");
        }
        Model model = ModelFactory.createDefaultModel();
        try {
            RDFParser.source(new ByteArrayInputStream(response.body())).lang(lang).base(endpoint).parse(model);
        } catch (RuntimeException e) {
            return new Fetched(endpoint, null, asked + ": the " + lang.getName() + " body does not parse: " + e.getMessage());
        }
        return new Fetched(endpoint, model, null);
    }
}
