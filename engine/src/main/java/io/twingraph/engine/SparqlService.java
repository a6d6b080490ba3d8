package io.twingraph.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFactory;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.DatasetDescription;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DynamicDatasets;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.graph.GraphFactory;

import io.twingraph.engine.access.ThingVisibility;
import io.twingraph.engine.access.VisibleDataset;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Namespaces;

/**
 * Parses and runs read-only SPARQL 1.1 queries against the knowledge graph, each within a time limit and a row
 * limit. The common prefixes ({@link Namespaces#PREFIXES}: brick, saref, sosa, tg, rdfs...) are predeclared, so a
 * query may use them without {@code PREFIX} lines. Thread-safe.
 */
public final class SparqlService {
    private final KnowledgeGraph graph;
    private final Duration defaultTimeout;
    private final long maxRows;

    public SparqlService(KnowledgeGraph graph, Duration defaultTimeout, long maxRows) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        this.maxRows = maxRows;
    }

    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /**
     * Parses a query.
     *
     * @throws TwinGraphException {@code sparql:query.invalid} with the parser's message, line and column
     */
    public static Query parse(String text) {
        if (text == null || text.isBlank()) {
            throw new TwinGraphException("sparql:query.missing", TwinGraphException.Kind.INVALID,
                    "No query given.", "Send a SPARQL query in the 'query' parameter or as an application/sparql-query body.");
        }
        Query query = new Query();
        // A copy: PREFIXES is locked, and a query's own PREFIX lines are added to this mapping while parsing.
        query.setPrefixMapping(org.apache.jena.shared.PrefixMapping.Factory.create().setNsPrefixes(Namespaces.PREFIXES));
        try {
            QueryFactory.parse(query, text, null, Syntax.syntaxSPARQL_11);
            return query;
        } catch (QueryParseException e) {
            String where = e.getLine() > 0 ? " (line " + e.getLine() + ", column " + e.getColumn() + ")" : "";
            throw new TwinGraphException("sparql:query.invalid", TwinGraphException.Kind.INVALID,
                    "SPARQL syntax error" + where + ": " + firstLine(e.getMessage()),
                    "Fix the query; common prefixes (brick, saref, sosa, tg, rdfs, skos, xsd) need no PREFIX line.", e);
        }
    }

    /** Runs a parsed query on the whole graph (default graph = union of the named graphs) with the default limits. */
    public SparqlResult execute(Query query) {
        return execute(query, List.of(), List.of(), defaultTimeout);
    }

    /**
     * Runs a parsed query.
     *
     * @param defaultGraphUris the protocol's {@code default-graph-uri}s (override the query's FROM); may be empty
     * @param namedGraphUris   the protocol's {@code named-graph-uri}s (override the query's FROM NAMED); may be empty
     * @throws TwinGraphException {@code sparql:query.timeout} when it runs over its time limit,
     *                            {@code sparql:result.too-large} when it has more rows than allowed
     */
    public SparqlResult execute(Query query, List<String> defaultGraphUris, List<String> namedGraphUris, Duration timeout) {
        return execute(query, defaultGraphUris, namedGraphUris, timeout, maxRows);
    }

    /**
     * Runs a parsed query with a caller's own row limit (a reader may get fewer rows than the server allows).
     *
     * @param rowLimit most rows or triples; capped by the service's own limit
     */
    public SparqlResult execute(Query query, List<String> defaultGraphUris, List<String> namedGraphUris, Duration timeout,
                                long rowLimit) {
        return execute(query, defaultGraphUris, namedGraphUris, timeout, rowLimit, ThingVisibility.ALL);
    }

    /**
     * Runs a parsed query for a caller who sees only some twins: the query reads the policy-filtered view
     * ({@link VisibleDataset}), in which the triples of twins (and parts of twins) it may not read do not exist, in
     * every graph and in the default graph; the protocol's and the query's own datasets are taken from that view.
     *
     * @param visibility what the caller may read; {@link ThingVisibility#ALL} for the whole graph
     */
    public SparqlResult execute(Query query, List<String> defaultGraphUris, List<String> namedGraphUris, Duration timeout,
                                long rowLimit, ThingVisibility visibility) {
        long limit = Math.min(rowLimit, maxRows);
        Objects.requireNonNull(visibility, "visibility");
        return graph.read(ds -> {
            Dataset visible = visibility == ThingVisibility.ALL ? ds
                    : DatasetFactory.wrap(VisibleDataset.of(ds.asDatasetGraph(), visibility));
            Dataset target = datasetFor(query, visible, defaultGraphUris, namedGraphUris);
            // Jena applies a query's FROM / FROM NAMED again on top of the dataset it is given, so once the dataset is
            // made from them (or from the protocol's graphs, which replace them) the query must run without its own:
            // applied twice, FROM <g> alone found nothing (g is no named graph of the first dynamic dataset).
            Query effective = target == visible ? query : withoutDataset(query);
            try (QueryExecution exec = QueryExecution.dataset(target).query(effective)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build()) {
                if (query.isSelectType()) {
                    return new SparqlResult(query, copy(exec.execSelect(), limit), null, null);
                }
                if (query.isAskType()) {
                    return new SparqlResult(query, null, exec.execAsk(), null);
                }
                if (query.isConstructType() || query.isDescribeType()) {
                    Graph result = GraphFactory.createDefaultGraph();
                    var triples = query.isConstructType() ? exec.execConstructTriples() : exec.execDescribeTriples();
                    long n = 0;
                    while (triples.hasNext()) {
                        result.add(triples.next());
                        if (++n > limit) {
                            throw tooLarge(limit);
                        }
                    }
                    result.getPrefixMapping().setNsPrefixes(query.getPrefixMapping());
                    return new SparqlResult(query, null, null, result);
                }
                throw new TwinGraphException("sparql:query.unsupported", TwinGraphException.Kind.INVALID,
                        "Only SELECT, ASK, CONSTRUCT and DESCRIBE queries are supported.", null);
            } catch (QueryCancelledException e) {
                throw new TwinGraphException("sparql:query.timeout", TwinGraphException.Kind.TIMEOUT,
                        "The query ran longer than its time limit of " + timeout.toMillis() + " ms and was cancelled.",
                        "Make the query more selective or add a LIMIT.", e);
            }
        });
    }

    private static ResultSetRewindable copy(ResultSet rs, long maxRows) {
        List<String> vars = rs.getResultVars();
        List<org.apache.jena.sparql.engine.binding.Binding> rows = new java.util.ArrayList<>();
        while (rs.hasNext()) {
            rows.add(rs.nextBinding());
            if (rows.size() > maxRows) {
                throw tooLarge(maxRows);
            }
        }
        RowSet rowSet = org.apache.jena.sparql.exec.RowSetStream.create(vars.stream().map(org.apache.jena.sparql.core.Var::alloc).toList(), rows.iterator());
        return ResultSetFactory.makeRewindable(ResultSet.adapt(rowSet));
    }

    private static TwinGraphException tooLarge(long maxRows) {
        return new TwinGraphException("sparql:result.too-large", TwinGraphException.Kind.TOO_LARGE,
                "The result has more than " + maxRows + " rows or triples.", "Add a LIMIT or page with OFFSET.");
    }

    private static Dataset datasetFor(Query query, Dataset ds, List<String> defaultGraphs, List<String> namedGraphs) {
        DatasetGraph dsg = ds.asDatasetGraph();
        if (!defaultGraphs.isEmpty() || !namedGraphs.isEmpty()) {
            return DatasetFactory.wrap(DynamicDatasets.dynamicDataset(nodes(defaultGraphs), nodes(namedGraphs), dsg, false));
        }
        DatasetDescription description = query.getDatasetDescription();
        if (description != null && !description.isEmpty()) {
            return DatasetFactory.wrap(DynamicDatasets.dynamicDataset(description, dsg, false));
        }
        return ds;
    }

    private static Query withoutDataset(Query query) {
        Query copy = query.cloneQuery();
        copy.getGraphURIs().clear();
        copy.getNamedGraphURIs().clear();
        return copy;
    }

    private static List<Node> nodes(List<String> iris) {
        return iris.stream().map(NodeFactory::createURI).toList();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
