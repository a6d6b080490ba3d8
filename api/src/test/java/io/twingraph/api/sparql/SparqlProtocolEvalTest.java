package io.twingraph.api.sparql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.api.eval.SparqlProtocolEval;
import picocli.CommandLine;

/**
 * The conformance harness over a miniature suite in the W3C layout (test resources, not the shared evaluation data): it passes what
 * conforms, fails a wrong expectation, counts updates as unsupported and says when the data is missing.
 */
class SparqlProtocolEvalTest {

    @Test
    void aMiniatureSuiteGetsOneVerdictPerTestAndASummary() throws URISyntaxException {
        Run run = run(Path.of(SparqlProtocolEvalTest.class.getResource("/sparql/w3c-mini/protocol_tests_flat.jsonl").toURI()).getParent());

        assertThat(run.exit).as(run.out).isEqualTo(1);
        assertThat(run.out)
                .containsPattern("PASS +protocol +ask_named_graph +positive")
                .containsPattern("PASS +protocol +no_leftover_graphs +positive")
                .containsPattern("PASS +protocol +select_tabular +positive")
                .containsPattern("FAIL +protocol +wrong_expectation +positive .*expected false, got true")
                .containsPattern("PASS +protocol +bad_syntax +negative")
                .containsPattern("UNSUPPORTED +protocol +update_form +positive .*refused by design \\(got 400 sparql:update.forbidden\\)")
                .containsPattern("PASS +service-description +has-endpoint-triple")
                .containsPattern("PASS +service-description +returns-rdf")
                .containsPattern("PASS +service-description +conforms-to-schema")
                .containsPattern("UNSUPPORTED +service-description +unknown-check")
                .containsPattern("passed +7 +\\(positive 6, negative 1\\)")
                .containsPattern("failed +1 +\\(positive 1, negative 0\\)")
                .containsPattern("unsupported +2 +\\(positive 2, negative 0\\)")
                .contains("protocol: 4 of 5 supported tests passed (80.0%)");
    }

    @Test
    void aMissingDirectoryIsReportedWithExitCode2(@TempDir Path empty) {
        Run run = run(empty.resolve("nowhere"));

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("No W3C SPARQL 1.1 protocol tests at", "protocol_tests_flat.jsonl");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SparqlProtocolEval());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(dir.toString());
        return new Run(exit, out.toString(), err.toString());
    }
}
