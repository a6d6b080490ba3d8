package io.twingraph.api.eval;

/**
 * The verdict on one conformance test.
 *
 * @param suite    which manifest the test comes from ({@code protocol}, {@code service-description})
 * @param negative true when the test expects the request to be refused
 * @param reason   why it failed or is unsupported, or a note on what was checked; never null
 */
record SparqlEvalOutcome(String suite, String id, String name, boolean negative, Verdict verdict, String reason) {

    enum Verdict { PASS, FAIL, UNSUPPORTED }

    static SparqlEvalOutcome pass(String suite, String id, String name, boolean negative, String note) {
        return new SparqlEvalOutcome(suite, id, name, negative, Verdict.PASS, note);
    }

    static SparqlEvalOutcome fail(String suite, String id, String name, boolean negative, String reason) {
        return new SparqlEvalOutcome(suite, id, name, negative, Verdict.FAIL, reason);
    }

    static SparqlEvalOutcome unsupported(String suite, String id, String name, boolean negative, String reason) {
        return new SparqlEvalOutcome(suite, id, name, negative, Verdict.UNSUPPORTED, reason);
    }
}
