package io.twingraph.engine.query;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.jena.query.Query;

/**
 * A query that {@link QueryGuard} let through, exactly as it will run.
 *
 * @param query           the parsed query, parsed again from {@code text} so that what runs is what is shown; treat
 *                        it as read-only (Jena's {@code Query} is mutable)
 * @param text            the query as it will run: the author's query serialised by Jena with the LIMIT the guard set
 *                        and PREFIX lines for the prefixes it uses, so it also runs as it is elsewhere; shown to users
 * @param limit           the LIMIT of the query as it will run; for ASK 1 (an ASK stops at its first solution and
 *                        gets no LIMIT in its text)
 * @param timeout         the time limit the query runs with
 * @param defaultGraphUris the graphs whose union is the query's default graph (empty: an empty default graph)
 * @param namedGraphUris  the graphs {@code GRAPH ?g} can reach (empty: none); when both lists are empty the query
 *                        runs on the whole store instead, as {@link io.twingraph.engine.SparqlService} does by default
 *                        (default graph = union of all named graphs), which only a guard allowing any graph gives
 */
public record GuardedQuery(Query query, String text, long limit, Duration timeout, List<String> defaultGraphUris,
                           List<String> namedGraphUris) {
    public GuardedQuery {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(timeout, "timeout");
        defaultGraphUris = List.copyOf(defaultGraphUris);
        namedGraphUris = List.copyOf(namedGraphUris);
    }
}
