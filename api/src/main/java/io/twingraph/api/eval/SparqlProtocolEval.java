package io.twingraph.api.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.sparql.SparqlRoutes;
import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.SparqlService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twingraph eval sparql-protocol [DIR]}: runs the W3C SPARQL 1.1 Protocol tests (and the service-description
 * tests) against TwinGraph's {@code /sparql} endpoint, started in-process over an in-memory graph on a free port.
 *
 * <p>Prints one line per test (PASS, FAIL or UNSUPPORTED with the reason) and a summary split positive/negative. Tests
 * that send SPARQL Update are UNSUPPORTED, not failures: the endpoint refuses updates by design (their update requests
 * must still be refused with a 4xx, or they fail). Exit code 0 when nothing failed, 1 when something did, 2 when the
 * test data is missing or unreadable.
 */
@Command(name = "sparql-protocol", mixinStandardHelpOptions = true,
        description = "Run the W3C SPARQL 1.1 Protocol and Service Description tests against an in-process /sparql endpoint.")
public final class SparqlProtocolEval implements Callable<Integer> {
    static final String FLAT_TESTS = "protocol_tests_flat.jsonl";
    static final String PROTOCOL_DIR = "sparql/sparql11/protocol";
    static final String SERVICE_DESCRIPTION_MANIFEST = "sparql/sparql11/service-description/manifest.ttl";
    /** Generous: the suite's queries are tiny, and a slow CI machine must not turn into failures. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    private static final long MAX_ROWS = 100_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/data/w3c-sparql11-tests",
            description = "Directory with " + FLAT_TESTS + " and sparql/sparql11/ from w3c/rdf-tests (default: ${DEFAULT-VALUE}).")
    private Path directory;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path flat = directory.resolve(FLAT_TESTS);
        Path protocolDir = directory.resolve(PROTOCOL_DIR);
        if (!Files.isRegularFile(flat) || !Files.isDirectory(protocolDir)) {
            err.println("No W3C SPARQL 1.1 protocol tests at " + directory.toAbsolutePath().normalize() + ": expected "
                    + FLAT_TESTS + " and " + PROTOCOL_DIR + "/ there (from github.com/w3c/rdf-tests). Give the directory as argument.");
            err.flush();
            return 2;
        }
        List<SparqlProtocolCase> cases;
        try {
            cases = SparqlProtocolCases.read(flat);
        } catch (IOException | IllegalArgumentException e) {
            err.println("Cannot read " + flat + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        List<SparqlEvalOutcome> outcomes = new ArrayList<>();
        String endpoint;
        try (KnowledgeGraph graph = KnowledgeGraph.inMemory();
             HttpServer server = HttpServer.start("127.0.0.1", 0,
                     List.of(new SparqlRoutes(new SparqlService(graph, TIME_LIMIT, MAX_ROWS))))) {
            endpoint = "http://127.0.0.1:" + server.port() + SparqlRoutes.PATH;
            // HTTP/1.1: the suite's requests are HTTP/1.1 requests; no h2c upgrade dance in between.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            out.println("Running " + cases.size() + " protocol tests from " + flat.toAbsolutePath().normalize() + " against " + endpoint);
            SparqlProtocolRunner runner = new SparqlProtocolRunner(client, endpoint, graph, protocolDir);
            for (SparqlProtocolCase test : cases) {
                SparqlEvalOutcome outcome = runner.run(test);
                outcomes.add(outcome);
                SparqlEvalReport.line(out, outcome);
            }
            Path manifest = directory.resolve(SERVICE_DESCRIPTION_MANIFEST);
            if (Files.isRegularFile(manifest)) {
                for (SparqlEvalOutcome outcome : new SparqlServiceDescriptionChecks(client, endpoint).run(manifest)) {
                    outcomes.add(outcome);
                    SparqlEvalReport.line(out, outcome);
                }
            } else {
                out.println("(no " + SERVICE_DESCRIPTION_MANIFEST + ": service-description tests skipped)");
            }
        }
        SparqlEvalReport.summary(out, endpoint, outcomes);
        return outcomes.stream().anyMatch(o -> o.verdict() == SparqlEvalOutcome.Verdict.FAIL) ? 1 : 0;
    }
}
