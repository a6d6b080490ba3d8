package io.twingraph.api.sparql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.riot.WebContent;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.twingraph.error.TwinGraphException;

/**
 * What one request to the endpoint asks for, read the way the SPARQL 1.1 Protocol defines it: the query from
 * {@code ?query=} (GET), a form field (POST {@code application/x-www-form-urlencoded}) or the body (POST
 * {@code application/sparql-query}); the dataset from {@code default-graph-uri} and {@code named-graph-uri}, which may
 * repeat; plus TwinGraph's {@code timeout} (milliseconds) and {@code format}/{@code output} conveniences.
 *
 * <p>Every malformed request is refused here, before any query runs.
 *
 * @param queryText      the query text; null for a service description request
 * @param timeoutMillis  the client's own limit, or null for the server's
 * @param format         the {@code format} or {@code output} parameter, or null
 */
record SparqlRequest(String queryText, List<String> defaultGraphUris, List<String> namedGraphUris, Long timeoutMillis,
                     String format, String updateText) {

    static final String ACCEPTED_POST_TYPES = WebContent.contentTypeHTMLForm + ", " + WebContent.contentTypeSPARQLQuery;

    private static final String QUERY = "query";
    private static final String UPDATE = "update";
    private static final String DEFAULT_GRAPH_URI = "default-graph-uri";
    private static final String NAMED_GRAPH_URI = "named-graph-uri";
    private static final String TIMEOUT = "timeout";
    /** Parameters that only make sense with a query: a GET carrying them but no query is a mistake, not a description request. */
    private static final List<String> QUERY_ONLY_PARAMS = List.of(DEFAULT_GRAPH_URI, NAMED_GRAPH_URI, TIMEOUT);

    SparqlRequest {
        defaultGraphUris = List.copyOf(defaultGraphUris);
        namedGraphUris = List.copyOf(namedGraphUris);
    }

    /** True when the client asked for the service description (a GET without a query). */
    boolean isServiceDescription() {
        return queryText == null && updateText == null;
    }

    /** True for a SPARQL Update (POST only). */
    boolean isUpdate() {
        return updateText != null;
    }

    /** The client's time limit, capped by the server's: a client may ask for less time, never more. */
    Duration timeout(Duration serverLimit) {
        if (timeoutMillis == null || timeoutMillis >= serverLimit.toMillis()) {
            return serverLimit;
        }
        return Duration.ofMillis(timeoutMillis);
    }

    /**
     * Reads a GET, HEAD or POST request.
     *
     * @throws TwinGraphException for a malformed request (400), an update by GET (400, {@code sparql:update.forbidden})
     * @throws SparqlHttpError    for a POST body that is not a form or a query in UTF-8 (415)
     */
    static SparqlRequest read(Context ctx) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        merge(params, ctx.queryParamMap());
        String directQuery = null;
        boolean post = HandlerType.POST.equals(ctx.method());
        if (post) {
            MediaType type = postedType(ctx.header("Content-Type"));
            String mediaType = type.getContentTypeStr().toLowerCase(Locale.ROOT);
            requireUtf8(type);
            if (mediaType.equals(WebContent.contentTypeSPARQLUpdate)) {
                if (params.containsKey(QUERY)) {
                    throw ambiguous();
                }
                return new SparqlRequest(null, List.of(), List.of(), null, null,
                        new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8));
            }
            if (mediaType.equals(WebContent.contentTypeHTMLForm)) {
                merge(params, ctx.formParamMap());
            } else if (mediaType.equals(WebContent.contentTypeSPARQLQuery)) {
                // Decoded here, not by the container: the protocol fixes UTF-8 whatever a default charset may say.
                directQuery = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
            } else {
                throw SparqlHttpError.unsupportedMediaType("Content-Type " + type.getContentTypeStr()
                        + " is not a SPARQL query request; expected " + ACCEPTED_POST_TYPES + ".");
            }
        }
        List<String> queries = new ArrayList<>(params.getOrDefault(QUERY, List.of()));
        if (directQuery != null) {
            queries.add(directQuery);
        }
        if (params.containsKey(UPDATE)) {
            if (!queries.isEmpty()) {
                throw ambiguous();
            }
            if (!post) {
                throw invalid("sparql:update.forbidden", "SPARQL Update must be POSTed, never sent by GET.",
                        "POST it as application/sparql-update or as the 'update' form parameter.");
            }
            return new SparqlRequest(null, List.of(), List.of(), null, null, first(params, UPDATE, null));
        }
        if (queries.size() > 1) {
            throw invalid("sparql:query.multiple", "The request carries " + queries.size() + " queries; send exactly one.",
                    "Give one 'query' parameter, or one application/sparql-query body without a 'query' parameter.");
        }
        String format = first(params, "format", first(params, "output", null));
        if (queries.isEmpty()) {
            if (post || QUERY_ONLY_PARAMS.stream().anyMatch(params::containsKey)) {
                throw invalid("sparql:query.missing", "No query given.",
                        "Send a SPARQL query in the 'query' parameter or as an application/sparql-query body.");
            }
            return new SparqlRequest(null, List.of(), List.of(), null, format, null);
        }
        return new SparqlRequest(queries.get(0), params.getOrDefault(DEFAULT_GRAPH_URI, List.of()),
                params.getOrDefault(NAMED_GRAPH_URI, List.of()), timeoutMillis(params), format, null);
    }

    private static MediaType postedType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw SparqlHttpError.unsupportedMediaType("A POST to the SPARQL endpoint needs a Content-Type.");
        }
        return MediaType.create(contentType);
    }

    private static void requireUtf8(MediaType type) {
        String charset = type.getCharset();
        if (charset != null && !charset.equalsIgnoreCase(WebContent.charsetUTF8)) {
            throw SparqlHttpError.unsupportedMediaType("Charset " + charset + " is not supported; the SPARQL protocol uses UTF-8.");
        }
    }

    private static TwinGraphException ambiguous() {
        return invalid("sparql:request.ambiguous", "The request carries both a query and an update.",
                "Send one query or one update per request.");
    }

    static TwinGraphException updateForbidden() {
        return invalid("sparql:update.forbidden", "SPARQL Update is not accepted on this endpoint.",
                "Twins change through the things API or MQTT, and the graph follows them; on a TwinGraph server an admin token may send SPARQL Update to the stored graphs.");
    }

    private static Long timeoutMillis(Map<String, List<String>> params) {
        String value = first(params, TIMEOUT, null);
        if (value == null) {
            return null;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // falls through to the one error below
        }
        throw invalid("sparql:timeout.invalid", "The timeout '" + value + "' is not a positive number of milliseconds.",
                "Give 'timeout' in milliseconds; it can lower the server's limit, not raise it.");
    }

    private static String first(Map<String, List<String>> params, String name, String fallback) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    private static void merge(Map<String, List<String>> into, Map<String, List<String>> from) {
        from.forEach((name, values) -> into.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
    }

    private static TwinGraphException invalid(String code, String message, String description) {
        return new TwinGraphException(code, TwinGraphException.Kind.INVALID, message, description);
    }
}
