package io.twingraph.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpGraph;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpPropFunc;
import org.apache.jena.sparql.algebra.op.OpQuadPattern;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.ExprFunctionN;
import org.apache.jena.sparql.expr.ExprVisitorBase;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.twingraph.engine.SparqlService;
import io.twingraph.error.TwinGraphException;

/**
 * Fuzzes {@link QueryGuard#check} with arbitrary text, against two guards (the defaults, and one allowing every form
 * and any graph with a small LIMIT), and checks what QueryGuard's Javadoc promises, independently of how the guard
 * checks it: a refusal is a {@link TwinGraphException} of kind INVALID with one of the three documented codes (never
 * another exception or a StackOverflowError); what is let through is a read-only query of an allowed form, with no
 * SERVICE, no {@code java:} function or property function and no graph outside the allowed set anywhere in its
 * algebra, as compiled and as optimised to run (EXISTS in expressions included), with a LIMIT no larger than the
 * guard's and the guard's time limit, whose text parses back to the very query that runs, and that does not also parse
 * as a SPARQL update.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code QueryGuardFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class QueryGuardFuzzTest {
    private static final QueryGuard DEFAULTS = QueryGuard.defaults();
    private static final QueryGuard WIDE = QueryGuard.builder()
            .forms(QueryGuard.Form.SELECT, QueryGuard.Form.ASK, QueryGuard.Form.CONSTRUCT, QueryGuard.Form.DESCRIBE)
            .limit(7).anyGraph().build();
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;
    private static final Duration SLOW = Duration.ofSeconds(10);
    private static final Set<String> REFUSAL_CODES = Set.of(QueryGuard.REFUSED, "sparql:query.invalid",
            "sparql:query.missing");

    @BeforeAll
    static void replayWithoutHooks() {
        // Replaying seeds needs none of Jazzer's sanitizer and comparison hooks, which cost 15-25 s a JVM here;
        // fuzzing (JAZZER_FUZZ set) keeps them: they guide the fuzzer and find injections.
        if (!FUZZING) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "LIMIT", "OFFSET", "SERVICE", "SILENT",
            "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "DROP", "CREATE", "WITH", "COPY", "MOVE", "ADD", "GRAPH",
            "FROM", "NAMED", "EXISTS", "NOT", "FILTER", "BIND", "VALUES", "OPTIONAL", "UNION", "MINUS", "LATERAL",
            "GROUP BY", "HAVING", "ORDER BY", "COUNT(*)", "PREFIX", ";", "{", "}", "?s ?p ?o", "java:", "<java:x.Y>",
            "\\u0053ERVICE", "\\u0049NSERT", "<https://twingraph.io/graph/topology>", "<http://evil.example/sparql>",
            "<https://example.org/secret>", "brick:Room", "rdfs:label", "#", "\"\"\"", "'"})
    void checkKeepsItsContract(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long started = System.nanoTime();
        verify(DEFAULTS, text);
        verify(WIDE, text);
        if (!FUZZING) {
            // no text may keep the guard busy for seconds (20 nested EXISTS once took 38 s); when fuzzing, libFuzzer's
            // -timeout does this (.ci/fuzz), as a JUnit @Timeout would time the whole fuzzing run
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("checking %s", text).isLessThan(SLOW);
        }
    }

    private static void verify(QueryGuard guard, String text) {
        GuardedQuery guarded;
        try {
            guarded = guard.check(text);
        } catch (TwinGraphException e) {
            assertThat(e.code()).as("refusal code of %s", text).isIn(REFUSAL_CODES);
            assertThat(e.kind()).as("refusal kind of %s", text).isEqualTo(TwinGraphException.Kind.INVALID);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        accepted(guard, text, guarded);
    }

    private static void accepted(QueryGuard guard, String text, GuardedQuery guarded) {
        assertThat(text.length()).isLessThanOrEqualTo(QueryGuard.MAX_TEXT_LENGTH);
        assertThat(isUpdate(text)).as("accepted a text that is also an update: %s", text).isFalse();

        Query query = guarded.query();
        QueryGuard.Form form = form(query);
        assertThat(guard.forms()).as("form of %s", text).contains(form);
        assertThat(guarded.timeout()).isEqualTo(guard.timeout());
        if (form == QueryGuard.Form.ASK) {
            assertThat(guarded.limit()).isEqualTo(1);
        } else {
            assertThat(query.hasLimit()).as("LIMIT of %s", guarded.text()).isTrue();
            assertThat(query.getLimit()).isBetween(0L, guard.limit()).isEqualTo(guarded.limit());
        }

        // the text shown is the query that runs
        Query reparsed = SparqlService.parse(guarded.text());
        assertThat(reparsed.serialize()).isEqualTo(query.serialize());
        assertThat(reparsed.getLimit()).isEqualTo(query.getLimit());

        List<String> allowed = guard.allowedGraphs();
        if (!allowed.isEmpty()) {
            // confined to the allowed graphs, whatever GRAPH ?g or VALUES say
            assertThat(guarded.defaultGraphUris()).isNotEmpty().isSubsetOf(allowed);
            assertThat(guarded.namedGraphUris()).isSubsetOf(allowed);
            assertThat(query.getGraphURIs()).isSubsetOf(allowed);
            assertThat(query.getNamedGraphURIs()).isSubsetOf(allowed);
        }
        Op op = Algebra.compile(query);
        Walker.walk(op, new Forbidden(allowed, text), new ForbiddenFunctions(text));
        // as it runs: the optimiser turns paths into triples and those into property functions
        Walker.walk(Algebra.optimize(op), new Forbidden(allowed, text), new ForbiddenFunctions(text));
    }

    private static boolean isUpdate(String text) {
        try {
            UpdateRequest request = UpdateFactory.create(text);
            return !request.getOperations().isEmpty();
        } catch (RuntimeException notAnUpdate) {
            return false;
        }
    }

    private static QueryGuard.Form form(Query q) {
        if (q.isSelectType()) {
            return QueryGuard.Form.SELECT;
        }
        if (q.isAskType()) {
            return QueryGuard.Form.ASK;
        }
        if (q.isConstructType()) {
            return QueryGuard.Form.CONSTRUCT;
        }
        if (q.isDescribeType()) {
            return QueryGuard.Form.DESCRIBE;
        }
        return fail("not a query form the guard knows: %s", q);
    }

    private static void requireNotJava(Node n, String text) {
        if (n != null && n.isURI() && n.getURI().startsWith("java:")) {
            fail("accepted a java: property function %s in %s", n, text);
        }
    }

    /** Operators the guard must never let through, found by walking the algebra (EXISTS patterns included). */
    private static final class Forbidden extends OpVisitorBase {
        private final List<String> allowed;
        private final String text;

        Forbidden(List<String> allowed, String text) {
            this.allowed = allowed;
            this.text = text;
        }

        @Override
        public void visit(OpService op) {
            fail("accepted SERVICE %s in %s", op.getService(), text);
        }

        @Override
        public void visit(OpGraph op) {
            Node g = op.getNode();
            if (!allowed.isEmpty() && g.isURI() && !allowed.contains(g.getURI())) {
                fail("accepted GRAPH <%s> outside the allowed graphs in %s", g.getURI(), text);
            }
        }

        @Override
        public void visit(OpBGP op) {
            op.getPattern().forEach(t -> requireNotJava(t.getPredicate(), text));
        }

        @Override
        public void visit(OpTriple op) {
            Triple t = op.getTriple();
            requireNotJava(t.getPredicate(), text);
        }

        @Override
        public void visit(OpQuadPattern op) {
            op.getPattern().forEach(q -> requireNotJava(q.getPredicate(), text));
        }

        @Override
        public void visit(OpPath op) {
            requireNotJava(op.getTriplePath().getPredicate(), text);
        }

        @Override
        public void visit(OpPropFunc op) {
            requireNotJava(op.getProperty(), text);
        }
    }

    /** Functions named by java: IRIs load code. */
    private static final class ForbiddenFunctions extends ExprVisitorBase {
        private final String text;

        ForbiddenFunctions(String text) {
            this.text = text;
        }

        @Override
        public void visit(ExprFunctionN func) {
            if (func instanceof E_Function f && f.getFunctionIRI() != null && f.getFunctionIRI().startsWith("java:")) {
                fail("accepted the java: function %s in %s", f.getFunctionIRI(), text);
            }
        }
    }
}
