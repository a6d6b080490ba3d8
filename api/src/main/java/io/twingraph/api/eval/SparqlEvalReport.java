package io.twingraph.api.eval;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Prints the per-test lines and the summary of a conformance run. */
final class SparqlEvalReport {
    private static final Map<SparqlEvalOutcome.Verdict, String> LABELS = Map.of(SparqlEvalOutcome.Verdict.PASS, "passed",
            SparqlEvalOutcome.Verdict.FAIL, "failed", SparqlEvalOutcome.Verdict.UNSUPPORTED, "unsupported");

    private SparqlEvalReport() {
    }

    static void line(PrintWriter out, SparqlEvalOutcome o) {
        out.printf("%-11s %-20s %-36s %-8s %s%s%n", o.verdict(), o.suite(), o.id(), o.negative() ? "negative" : "positive",
                o.name(), o.reason().isEmpty() ? "" : "  -- " + o.reason());
        out.flush();
    }

    static void summary(PrintWriter out, String endpoint, List<SparqlEvalOutcome> outcomes) {
        out.println();
        out.println("SPARQL 1.1 Protocol conformance of " + endpoint + " (W3C rdf-tests)");
        out.printf("  tests        %3d%n", outcomes.size());
        for (SparqlEvalOutcome.Verdict v : SparqlEvalOutcome.Verdict.values()) {
            List<SparqlEvalOutcome> of = outcomes.stream().filter(o -> o.verdict() == v).toList();
            out.printf("  %-12s %3d  (positive %d, negative %d)%n", LABELS.get(v), of.size(),
                    count(of, o -> !o.negative()), count(of, SparqlEvalOutcome::negative));
        }
        for (String suite : outcomes.stream().map(SparqlEvalOutcome::suite).distinct().toList()) {
            List<SparqlEvalOutcome> supported = outcomes.stream()
                    .filter(o -> o.suite().equals(suite) && o.verdict() != SparqlEvalOutcome.Verdict.UNSUPPORTED).toList();
            long passed = count(supported, o -> o.verdict() == SparqlEvalOutcome.Verdict.PASS);
            out.printf("  %s: %d of %d supported tests passed (%.1f%%)%n", suite, passed, supported.size(),
                    supported.isEmpty() ? 0.0 : 100.0 * passed / supported.size());
        }
        List<SparqlEvalOutcome> unsupported = outcomes.stream()
                .filter(o -> o.verdict() == SparqlEvalOutcome.Verdict.UNSUPPORTED).toList();
        if (!unsupported.isEmpty()) {
            out.println("Not supported:");
            unsupported.forEach(o -> out.println("  " + o.id() + ": " + o.reason()));
        }
        List<SparqlEvalOutcome> failed = outcomes.stream().filter(o -> o.verdict() == SparqlEvalOutcome.Verdict.FAIL).toList();
        if (!failed.isEmpty()) {
            out.println("Failed:");
            failed.forEach(o -> out.println("  " + o.id() + ": " + o.reason()));
        }
        out.flush();
    }

    private static long count(List<SparqlEvalOutcome> outcomes, Predicate<SparqlEvalOutcome> p) {
        return outcomes.stream().filter(p).count();
    }
}
