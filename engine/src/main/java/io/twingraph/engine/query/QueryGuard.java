package io.twingraph.engine.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.SortCondition;
import org.apache.jena.query.Syntax;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunction;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.path.P_NegPropSet;
import org.apache.jena.sparql.path.P_Path0;
import org.apache.jena.sparql.path.P_Path1;
import org.apache.jena.sparql.path.P_Path2;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementAntiJoin;
import org.apache.jena.sparql.syntax.ElementAssign;
import org.apache.jena.sparql.syntax.ElementBind;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementDataset;
import org.apache.jena.sparql.syntax.ElementExists;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementLateral;
import org.apache.jena.sparql.syntax.ElementMinus;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementNotExists;
import org.apache.jena.sparql.syntax.ElementOptional;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementSemiJoin;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.sparql.syntax.ElementUnfold;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.sparql.syntax.ElementVisitor;
import org.apache.jena.update.UpdateFactory;
import org.apache.jena.update.UpdateRequest;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;

/**
 * The one place that decides whether a SPARQL query from an author TwinGraph does not trust (a language model, a
 * person typing into a box, a rule) may run, and how: {@link #check} turns the text into a {@link GuardedQuery} or
 * refuses it; {@link #run} runs a guarded query through {@link SparqlService}.
 *
 * <h2>What is refused</h2>
 * Every refusal is a {@link TwinGraphException} of kind {@link TwinGraphException.Kind#INVALID} with the code
 * {@value #REFUSED} and a message naming the reason; a query that simply does not parse keeps
 * {@link SparqlService#parse}'s {@code sparql:query.invalid} (or {@code sparql:query.missing} for no text).
 * <ul>
 *   <li>SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH): the text is tried as an
 *       update when it does not parse as a query, and a text that does not parse either way but holds an update
 *       keyword outside strings, IRIs and comments (a query with an update smuggled after it) is refused as an
 *       update too. The SPARQL parser resolves {@code \u0049}-style escapes before it reads keywords, and so does this
 *       scan.</li>
 *   <li>More than one statement ({@code ;} after a query).</li>
 *   <li>Query forms that are not configured (SELECT and ASK by default; CONSTRUCT and DESCRIBE on request).</li>
 *   <li>{@code SERVICE} anywhere: in the pattern, in subqueries, in {@code EXISTS} / {@code NOT EXISTS} in filters,
 *       BIND, projections, GROUP BY, HAVING, ORDER BY and aggregates.</li>
 *   <li>{@code FROM}, {@code FROM NAMED} and {@code GRAPH <iri>} naming a graph outside the allowed set (by default
 *       TwinGraph's own graphs, {@link #TWINGRAPH_GRAPHS}).</li>
 *   <li>Functions and property functions named by {@code java:} IRIs (Jena would load the named class), also as a
 *       step of a property path ({@code ?s <java:...>/ex:p ?o}: Jena compiles a path sequence into triples, and a
 *       {@code java:} predicate among them into a property function).</li>
 *   <li>Texts longer than {@value #MAX_TEXT_LENGTH} characters.</li>
 *   <li>Patterns, expressions and property paths nested more than {@value #MAX_NESTING} levels deep (including
 *       chains such as {@code 1 + 1 + ...} or {@code ex:p/ex:p/...}, which nest without brackets): Jena's serializer,
 *       parser and algebra are recursive and would run out of stack on them.</li>
 *   <li>{@code EXISTS} / {@code NOT EXISTS} nested more than {@value #MAX_EXISTS_NESTING} deep in one another: Jena's
 *       work to copy and optimise such a query doubles with every level (20 levels took 38 s to check before it was
 *       refused).</li>
 * </ul>
 *
 * <h2>Graphs</h2>
 * {@code GRAPH ?g} cannot be checked by reading the query (a VALUES clause or a join may bind {@code ?g} to any IRI),
 * so a guard with an allowed set does not run the query on the store but on a dataset made of the allowed graphs
 * only: its default graph is the union of the allowed graphs (of the query's FROM graphs if it has any) and its named
 * graphs are the allowed graphs (the query's FROM NAMED graphs if it has FROM or FROM NAMED). Graphs outside the set,
 * e.g. a model someone imported under a graph name of their own, are invisible to such a query; the set is
 * configurable ({@link Builder#allowedGraphs}). A guard built with {@link Builder#anyGraph()} skips the graph checks
 * and runs on the whole store like {@link SparqlService#execute(Query)} (the rules' {@code graph} global does).
 *
 * <h2>Limits</h2>
 * SELECT, CONSTRUCT and DESCRIBE get a {@code LIMIT}: none becomes the guard's limit (default {@value #DEFAULT_LIMIT}),
 * a larger one is lowered to it, a smaller one is kept. Every query runs with the guard's time limit (default two
 * seconds) and is cancelled when it runs over ({@code sparql:query.timeout}, kind TIMEOUT).
 *
 * <p>The text in {@link GuardedQuery#text()} is the query as it runs (parsed back from that very text), with PREFIX
 * lines for the prefixes it uses, so a person can read it and run it elsewhere. Immutable and thread-safe.
 */
public final class QueryGuard {
    /** The query forms a guard can allow. */
    public enum Form {
        SELECT, ASK, CONSTRUCT, DESCRIBE
    }

    /** Error code of every refusal. */
    public static final String REFUSED = "sparql:query.refused";
    /** LIMIT given to a query without one, and the largest LIMIT kept, unless configured otherwise. */
    public static final long DEFAULT_LIMIT = 100;
    /** Time limit unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Longest query text accepted. */
    public static final int MAX_TEXT_LENGTH = 20_000;
    /** Deepest nesting of patterns, expressions and paths accepted. */
    public static final int MAX_NESTING = 64;
    /** Deepest nesting of EXISTS / NOT EXISTS in one another accepted. */
    public static final int MAX_EXISTS_NESTING = 8;
    /** TwinGraph's named graphs: the default allowed set. */
    public static final List<Node> TWINGRAPH_GRAPHS = List.of(Graphs.TOPOLOGY, Graphs.SIMULATED_TOPOLOGY, Graphs.LIVE,
            Graphs.DECISIONS, Graphs.PLANS);

    private static final Set<String> UPDATE_KEYWORDS = Set.of("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE",
            "ADD", "MOVE", "COPY", "WITH");
    private static final String FIX = "Send one read-only query: %s. Common prefixes (brick, saref, sosa, tg, rdfs, skos, "
            + "xsd) need no PREFIX line.";

    private final Set<Form> forms;
    private final long limit;
    private final Duration timeout;
    /** IRIs of the allowed graphs in order; null for any graph of the store. */
    private final List<String> allowedGraphs;

    private QueryGuard(Builder b) {
        this.forms = b.forms.isEmpty() ? Set.of() : EnumSet.copyOf(b.forms);
        this.limit = b.limit;
        this.timeout = b.timeout;
        this.allowedGraphs = b.allowedGraphs == null ? null : List.copyOf(b.allowedGraphs);
    }

    /** SELECT and ASK, LIMIT {@value #DEFAULT_LIMIT}, two seconds, TwinGraph's own graphs. */
    public static QueryGuard defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}' settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The query forms this guard lets through. */
    public Set<Form> forms() {
        return Set.copyOf(forms);
    }

    /** The LIMIT given to queries without one, and the largest one kept. */
    public long limit() {
        return limit;
    }

    /** The time limit queries run with. */
    public Duration timeout() {
        return timeout;
    }

    /** IRIs of the graphs a query may see; empty when any graph of the store is allowed. */
    public List<String> allowedGraphs() {
        return allowedGraphs == null ? List.of() : allowedGraphs;
    }

    /**
     * Checks a query and prepares it to run.
     *
     * @throws TwinGraphException kind INVALID: {@value #REFUSED} for a refusal (the message says why),
     *                            {@code sparql:query.invalid} for a syntax error, {@code sparql:query.missing} for none
     */
    public GuardedQuery check(String text) {
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw refused("The query is " + text.length() + " characters long; at most " + MAX_TEXT_LENGTH + " are accepted.");
        }
        try {
            return checked(text);
        } catch (StackOverflowError e) {
            // the nesting limit should prevent this; on a thread with a small stack it is still a refusal, not an Error
            // for callers that expect exceptions
            throw refused("The query is nested too deeply to check.");
        }
    }

    private GuardedQuery checked(String text) {
        Query query = parse(text);
        Form form = formOf(query);
        if (form == null || !forms.contains(form)) {
            throw refused("Only " + formNames() + " queries may run here, not " + (form == null ? "this kind of query" : form) + ".");
        }
        checkDataset(query);
        new Inspector().query(query);

        long finalLimit;
        if (form == Form.ASK) {
            finalLimit = 1;
        } else {
            if (!query.hasLimit() || query.getLimit() > limit) {
                query.setLimit(limit);
            }
            finalLimit = query.getLimit();
        }
        String finalText = display(query);
        Query runnable;
        try {
            runnable = SparqlService.parse(finalText);
        } catch (TwinGraphException e) {
            throw new TwinGraphException("sparql:query.internal", TwinGraphException.Kind.INTERNAL,
                    "The checked query could not be written back as SPARQL: " + e.getMessage(), null, e);
        }
        if (form != Form.ASK && runnable.getLimit() != finalLimit) {
            throw new TwinGraphException("sparql:query.internal", TwinGraphException.Kind.INTERNAL,
                    "The checked query lost its LIMIT when written back as SPARQL.", null);
        }
        // The query's own FROM / FROM NAMED go to SparqlService as graph lists: run as part of the query, Jena applies
        // them a second time on the dataset SparqlService built from them and finds nothing.
        List<String> defaults = List.of();
        List<String> named = List.of();
        if (query.hasDatasetDescription()) {
            defaults = List.copyOf(query.getGraphURIs());
            named = List.copyOf(query.getNamedGraphURIs());
        } else if (allowedGraphs != null) {
            defaults = allowedGraphs;
            named = allowedGraphs;
        }
        return new GuardedQuery(runnable, finalText, finalLimit, timeout, defaults, named);
    }

    /**
     * Runs a guarded query.
     *
     * @throws TwinGraphException {@code sparql:query.timeout} (kind TIMEOUT) when it runs over its time limit, and
     *                            whatever else {@link SparqlService#execute(Query, List, List, Duration)} throws
     */
    public SparqlResult run(SparqlService sparql, GuardedQuery guarded) {
        Objects.requireNonNull(sparql, "sparql");
        return sparql.execute(guarded.query(), guarded.defaultGraphUris(), guarded.namedGraphUris(), guarded.timeout());
    }

    /** {@link #check} then {@link #run}. */
    public SparqlResult run(SparqlService sparql, String text) {
        return run(sparql, check(text));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // parsing and telling updates apart from syntax errors

    private Query parse(String text) {
        try {
            return SparqlService.parse(text);
        } catch (TwinGraphException e) {
            if (!"sparql:query.invalid".equals(e.code())) {
                throw e;
            }
            String update = updateKeyword(text, e.getCause());
            if (update != null) {
                throw refused("This is a SPARQL update (" + update + "); updates are not allowed, only read-only "
                        + formNames() + " queries.", e);
            }
            if (e.getCause() instanceof QueryParseException qpe && encountered(qpe).equals(";")) {
                // the message's position, not getLine()/getColumn(): those point two columns earlier
                Matcher at = POSITION.matcher(String.valueOf(qpe.getMessage()));
                String where = at.find() ? " (line " + at.group(1) + ", column " + at.group(2) + ")" : "";
                throw refused("Only one query may run at a time; found ';' after the query" + where + ".", e);
            }
            throw e;
        }
    }

    /** The update keyword that makes this text an update (or an update smuggled behind a query), or null. */
    static String updateKeyword(String text, Throwable parseError) {
        UpdateRequest request = new UpdateRequest();
        request.setPrefixMapping(PrefixMapping.Factory.create().setNsPrefixes(Namespaces.PREFIXES));
        try {
            UpdateFactory.parse(request, text, null, Syntax.syntaxSPARQL_11);
            String first = firstKeyword(unescape(text));
            return first != null ? first : "update";
        } catch (RuntimeException notAnUpdate) {
            // not an update either: does an update keyword sit where the query parser gave up, or anywhere outside
            // strings, IRIs and comments?
        }
        if (parseError instanceof QueryParseException qpe) {
            String token = encountered(qpe).toUpperCase(Locale.ROOT);
            String word = token.split("\\s+")[0];
            if (UPDATE_KEYWORDS.contains(word)) {
                return word;
            }
        }
        return firstKeyword(unescape(text));
    }

    private static final Pattern POSITION = Pattern.compile("at line (\\d+), column (\\d+)");
    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \" (?:<[A-Z_]+> |\"[^\"]*\" )?\"(.*?) ?\"\"");

    /** The token text a JavaCC parse error names after "Encountered", or "". */
    private static String encountered(QueryParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = ENCOUNTERED.matcher(message);
        return m.find() ? m.group(1).trim() : "";
    }

    /** The first update keyword in the text outside comments, strings, IRIs, variables and prefixed names, or null. */
    private static String firstKeyword(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '#') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '"' || c == '\'') {
                i = skipString(text, i);
            } else if (c == '<') {
                int end = iriEnd(text, i);
                i = end > 0 ? end : i + 1;
            } else if (c == '?' || c == '$') {
                i++;
                while (i < n && isNameChar(text.charAt(i))) {
                    i++;
                }
            } else if (Character.isLetter(c)) {
                int start = i;
                while (i < n && (isNameChar(text.charAt(i)) || text.charAt(i) == ':' || text.charAt(i) == '.')) {
                    i++;
                }
                String word = text.substring(start, i);
                boolean prefixed = word.indexOf(':') >= 0 || (start > 0 && text.charAt(start - 1) == ':');
                String upper = word.toUpperCase(Locale.ROOT);
                if (!prefixed && UPDATE_KEYWORDS.contains(upper)) {
                    return upper;
                }
            } else {
                i++;
            }
        }
        return null;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private static int skipString(String text, int i) {
        char q = text.charAt(i);
        String triple = String.valueOf(q).repeat(3);
        if (text.startsWith(triple, i)) {
            int end = text.indexOf(triple, i + 3);
            return end < 0 ? text.length() : end + 3;
        }
        int j = i + 1;
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == q || c == '\n' || c == '\r') {
                return j + 1;
            } else {
                j++;
            }
        }
        return text.length();
    }

    /** The index after an IRIREF starting at {@code i}, or -1 when this {@code <} is an operator. */
    private static int iriEnd(String text, int i) {
        for (int j = i + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '>') {
                return j + 1;
            }
            if (c <= ' ' || "<\"{}|^`\\".indexOf(c) >= 0) {
                return -1;
            }
        }
        return -1;
    }

    /** Resolves {@code \\uXXXX} and {@code \\UXXXXXXXX} escapes, as the SPARQL parser does before it reads tokens. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')) {
                int digits = text.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits <= text.length()) {
                    String hex = text.substring(i + 2, i + 2 + digits);
                    if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        int cp = (int) Long.parseLong(hex, 16);
                        if (Character.isValidCodePoint(cp)) {
                            sb.appendCodePoint(cp);
                            i += 1 + digits;
                            continue;
                        }
                    }
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the checks on a parsed query

    private static Form formOf(Query q) {
        if (q.isSelectType()) {
            return Form.SELECT;
        }
        if (q.isAskType()) {
            return Form.ASK;
        }
        if (q.isConstructType()) {
            return Form.CONSTRUCT;
        }
        if (q.isDescribeType()) {
            return Form.DESCRIBE;
        }
        return null;
    }

    private String formNames() {
        List<String> names = forms.stream().map(Form::name).toList();
        if (names.size() <= 1) {
            return names.isEmpty() ? "no" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private void checkDataset(Query query) {
        if (allowedGraphs == null) {
            return;
        }
        for (String g : query.getGraphURIs()) {
            requireAllowed(g, "FROM");
        }
        for (String g : query.getNamedGraphURIs()) {
            requireAllowed(g, "FROM NAMED");
        }
    }

    private void requireAllowed(String graph, String clause) {
        if (allowedGraphs != null && !allowedGraphs.contains(graph)) {
            throw refused(clause + " <" + graph + "> names a graph this query may not read; allowed graphs: "
                    + allowedGraphs.stream().map(g -> "<" + g + ">").collect(Collectors.joining(", ")) + ".");
        }
    }

    /**
     * Walks a query and everything nested in it: patterns, subqueries, expressions with EXISTS, property paths. Counts
     * how deep it is and refuses beyond {@link #MAX_NESTING}, before its own recursion or Jena's gets deep.
     */
    private final class Inspector implements ElementVisitor {
        private int depth;
        private int existsDepth;

        private void enter() {
            if (++depth > MAX_NESTING) {
                throw refused("The query nests patterns, expressions or paths more than " + MAX_NESTING + " levels deep.");
            }
        }

        void query(Query q) {
            enter();
            queryParts(q);
            depth--;
        }

        private void queryParts(Query q) {
            element(q.getQueryPattern());
            if (q.getProject() != null) {
                q.getProject().getExprs().values().forEach(this::expr);
            }
            if (q.hasGroupBy()) {
                q.getGroupBy().getExprs().values().forEach(this::expr);
            }
            if (q.hasHaving()) {
                q.getHavingExprs().forEach(this::expr);
            }
            if (q.hasOrderBy()) {
                for (SortCondition sc : q.getOrderBy()) {
                    expr(sc.getExpression());
                }
            }
            if (q.hasAggregators()) {
                q.getAggregators().forEach(this::expr);
            }
            if (q.isConstructType() && q.getConstructTemplate() != null) {
                q.getConstructTemplate().getTriples().forEach(this::triple);
            }
        }

        void element(Element e) {
            if (e != null) {
                enter();
                e.visit(this);
                depth--;
            }
        }

        void expr(Expr e) {
            if (e == null) {
                return;
            }
            enter();
            exprParts(e);
            depth--;
        }

        private void exprParts(Expr e) {
            if (e instanceof ExprFunctionOp op) {
                if (++existsDepth > MAX_EXISTS_NESTING) {
                    throw refused("The query nests EXISTS or NOT EXISTS more than " + MAX_EXISTS_NESTING + " levels deep.");
                }
                element(op.getElement());
                existsDepth--;
            }
            if (e instanceof ExprFunction f) {
                String iri = f.getFunctionIRI();
                if (iri != null && iri.startsWith("java:")) {
                    throw refused("The function <" + iri + "> is not allowed: functions named by java: IRIs load code.");
                }
                f.getArgs().forEach(this::expr);
            }
            if (e instanceof ExprAggregator agg && agg.getAggregator().getExprList() != null) {
                agg.getAggregator().getExprList().forEach(this::expr);
            }
        }

        void triple(Triple t) {
            predicate(t.getPredicate());
        }

        void predicate(Node p) {
            if (p != null && p.isURI() && p.getURI().startsWith("java:")) {
                throw refused("The property function <" + p.getURI() + "> is not allowed: java: IRIs load code.");
            }
        }

        @Override
        public void visit(ElementTriplesBlock el) {
            el.getPattern().forEach(this::triple);
        }

        @Override
        public void visit(ElementPathBlock el) {
            for (TriplePath tp : el.getPattern().getList()) {
                if (tp.isTriple()) {
                    predicate(tp.getPredicate());
                } else {
                    path(tp.getPath());
                }
            }
        }

        /** Every IRI a property path names: a java: step of a sequence becomes a property function when compiled. */
        void path(Path p) {
            enter();
            if (p instanceof P_Path0 link) {
                predicate(link.getNode());
            } else if (p instanceof P_Path1 unary) {
                path(unary.getSubPath());
            } else if (p instanceof P_Path2 binary) {
                path(binary.getLeft());
                path(binary.getRight());
            } else if (p instanceof P_NegPropSet negated) {
                negated.getNodes().forEach(this::path);
            }
            depth--;
        }

        @Override
        public void visit(ElementFilter el) {
            expr(el.getExpr());
        }

        @Override
        public void visit(ElementAssign el) {
            expr(el.getExpr());
        }

        @Override
        public void visit(ElementBind el) {
            expr(el.getExpr());
        }

        @Override
        public void visit(ElementUnfold el) {
            expr(el.getExpr());
        }

        @Override
        public void visit(ElementData el) {
            // constants only; a graph IRI bound here can only reach graphs of the dataset the query runs on
        }

        @Override
        public void visit(ElementUnion el) {
            el.getElements().forEach(this::element);
        }

        @Override
        public void visit(ElementOptional el) {
            element(el.getOptionalElement());
        }

        @Override
        public void visit(ElementLateral el) {
            element(el.getLateralElement());
        }

        @Override
        public void visit(ElementSemiJoin el) {
            element(el.getSubElement());
        }

        @Override
        public void visit(ElementAntiJoin el) {
            element(el.getSubElement());
        }

        @Override
        public void visit(ElementGroup el) {
            el.getElements().forEach(this::element);
        }

        @Override
        public void visit(ElementDataset el) {
            throw refused("A dataset inside a pattern is not allowed.");
        }

        @Override
        public void visit(ElementNamedGraph el) {
            Node g = el.getGraphNameNode();
            if (g != null && g.isURI()) {
                requireAllowed(g.getURI(), "GRAPH");
            }
            element(el.getElement());
        }

        @Override
        public void visit(ElementExists el) {
            element(el.getElement());
        }

        @Override
        public void visit(ElementNotExists el) {
            element(el.getElement());
        }

        @Override
        public void visit(ElementMinus el) {
            element(el.getMinusElement());
        }

        @Override
        public void visit(ElementService el) {
            Node s = el.getServiceNode();
            String where = s == null ? "" : s.isURI() ? " <" + s.getURI() + ">" : " " + s;
            throw refused("SERVICE" + where + " is not allowed: queries run on TwinGraph's own graph only and never "
                    + "call other SPARQL endpoints.");
        }

        @Override
        public void visit(ElementSubQuery el) {
            query(el.getQuery());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the text shown and run

    /** The query as SPARQL text with PREFIX lines for the prefixes it uses only. */
    private static String display(Query query) {
        Query bare = query.cloneQuery();
        bare.setPrefixMapping(PrefixMapping.Factory.create());
        String expanded = bare.serialize();
        PrefixMapping used = PrefixMapping.Factory.create();
        query.getPrefixMapping().getNsPrefixMap().forEach((prefix, ns) -> {
            if (expanded.contains("<" + ns)) {
                used.setNsPrefix(prefix, ns);
            }
        });
        Query shown = query.cloneQuery();
        shown.setPrefixMapping(used);
        String text = shown.serialize();
        try {
            QueryFactory.create(text, Syntax.syntaxSPARQL_11);
            return text;
        } catch (QueryParseException e) {
            // a prefix was missed: show them all rather than a text that does not run on its own
            return query.serialize();
        }
    }

    private TwinGraphException refused(String reason) {
        return refused(reason, null);
    }

    private TwinGraphException refused(String reason, Throwable cause) {
        return new TwinGraphException(REFUSED, TwinGraphException.Kind.INVALID, "Query refused: " + reason,
                String.format(FIX, formNames()), cause);
    }

    /** Settings of a {@link QueryGuard}; starts from the defaults. */
    public static final class Builder {
        private Set<Form> forms = EnumSet.of(Form.SELECT, Form.ASK);
        private long limit = DEFAULT_LIMIT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Collection<String> allowedGraphs = TWINGRAPH_GRAPHS.stream().map(Node::getURI).toList();

        private Builder() {
        }

        /** The query forms to let through (default SELECT and ASK). */
        public Builder forms(Form first, Form... more) {
            this.forms = EnumSet.of(first, more);
            return this;
        }

        /** The LIMIT for queries without one, and the largest one kept (default {@value #DEFAULT_LIMIT}). */
        public Builder limit(long limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
            this.limit = limit;
            return this;
        }

        /** The time limit (default two seconds). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The graphs a query may see (default {@link #TWINGRAPH_GRAPHS}); must not be empty. */
        public Builder allowedGraphs(Collection<Node> graphs) {
            Set<String> iris = new LinkedHashSet<>();
            for (Node g : graphs) {
                if (g == null || !g.isURI()) {
                    throw new IllegalArgumentException("allowed graphs must be IRIs, got " + g);
                }
                iris.add(g.getURI());
            }
            if (iris.isEmpty()) {
                throw new IllegalArgumentException("allowedGraphs must name at least one graph; use anyGraph() for all");
            }
            this.allowedGraphs = new ArrayList<>(iris);
            return this;
        }

        /**
         * Any graph of the store: no FROM / GRAPH checks, and the query runs on the whole store (default graph = union
         * of all named graphs). For authors who may read everything, such as rules.
         */
        public Builder anyGraph() {
            this.allowedGraphs = null;
            return this;
        }

        public QueryGuard build() {
            return new QueryGuard(this);
        }
    }
}
