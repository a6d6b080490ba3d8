package io.twingraph.api.eval;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.WebContent;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.update.UpdateFactory;

import io.twingraph.api.http.Json;
import io.twingraph.engine.KnowledgeGraph;

/**
 * Runs {@link SparqlProtocolCase}s against a live endpoint: preloads the test's graphs, sends each request exactly as
 * the manifest gives it (only the {@code /sparql/} prefix becomes the endpoint's URL) and checks status class,
 * result format and ASK answer. Tests that send SPARQL Update are UNSUPPORTED: the endpoint refuses updates by design;
 * their update requests must still be refused with a 4xx.
 */
final class SparqlProtocolRunner {
    static final String SUITE = "protocol";
    private static final String SUITE_PREFIX = "/sparql/";
    private static final Pattern STATUS_CLASS = Pattern.compile("StatusCode([1-5])xx");
    private static final Set<Lang> BOOLEAN_LANGS = Set.of(ResultSetLang.RS_JSON, ResultSetLang.RS_XML);
    private static final Set<Lang> TABULAR_LANGS = Set.of(ResultSetLang.RS_JSON, ResultSetLang.RS_XML,
            ResultSetLang.RS_CSV, ResultSetLang.RS_TSV);

    private final HttpClient client;
    private final String endpoint;
    private final KnowledgeGraph graph;
    private final Path dataDir;

    /**
     * @param endpoint the endpoint's absolute URL, without a trailing slash
     * @param dataDir  where the tests' graph files are ({@code sparql/sparql11/protocol})
     */
    SparqlProtocolRunner(HttpClient client, String endpoint, KnowledgeGraph graph, Path dataDir) {
        this.client = client;
        this.endpoint = endpoint;
        this.graph = graph;
        this.dataDir = dataDir;
    }

    SparqlEvalOutcome run(SparqlProtocolCase test) {
        try {
            if (test.requests().stream().anyMatch(SparqlProtocolRunner::isUpdate)) {
                return runRefusedUpdate(test);
            }
            load(test.graphData());
            for (int i = 0; i < test.requests().size(); i++) {
                SparqlProtocolCase.Request request = test.requests().get(i);
                HttpResponse<byte[]> response = send(request);
                String problem = check(request.expected(), response);
                if (problem != null) {
                    return fail(test, "request " + (i + 1) + " (" + request.method() + "): " + problem);
                }
            }
            return SparqlEvalOutcome.pass(SUITE, test.id(), test.name(), test.isNegative(), "");
        } catch (IOException | RuntimeException e) {
            return fail(test, "could not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(test, "interrupted");
        }
    }

    /** Sends only the update requests (what follows them checks their effect) and requires each to be refused. */
    private SparqlEvalOutcome runRefusedUpdate(SparqlProtocolCase test) throws IOException, InterruptedException {
        StringBuilder seen = new StringBuilder();
        for (SparqlProtocolCase.Request request : test.requests()) {
            if (!isUpdate(request)) {
                continue;
            }
            HttpResponse<byte[]> response = send(request);
            if (response.statusCode() / 100 != 4) {
                return fail(test, "an update was not refused: " + describe(response));
            }
            seen.append(seen.length() == 0 ? "" : ", ").append(describe(response));
        }
        return SparqlEvalOutcome.unsupported(SUITE, test.id(), test.name(), test.isNegative(),
                "SPARQL Update is refused by design (got " + seen + ")");
    }

    private SparqlEvalOutcome fail(SparqlProtocolCase test, String reason) {
        return SparqlEvalOutcome.fail(SUITE, test.id(), test.name(), test.isNegative(), reason);
    }

    /** Each test starts from an empty store holding only its own graphs. */
    private void load(List<SparqlProtocolCase.GraphData> graphs) {
        graph.write(dsg -> dsg.clear());
        for (SparqlProtocolCase.GraphData data : graphs) {
            Path file = dataDir.resolve(data.file());
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("graph data " + file + " is missing");
            }
            graph.importFile(file, NodeFactory.createURI(data.label()), true);
        }
    }

    private HttpResponse<byte[]> send(SparqlProtocolCase.Request request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body().getBytes(charset(request.bodyEncoding())));
        HttpRequest.Builder builder = HttpRequest.newBuilder(target(request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), body);
        request.headers().forEach(h -> builder.header(h.name(), h.value()));
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The manifest's path with its {@code /sparql/} prefix replaced by the endpoint. */
    URI target(String path) {
        if (!path.startsWith(SUITE_PREFIX)) {
            throw new IllegalArgumentException("path does not start with " + SUITE_PREFIX + ": " + path);
        }
        return URI.create(endpoint + path.substring(SUITE_PREFIX.length()));
    }

    /** Null when the response is what the test expects, else what is wrong with it. */
    static String check(SparqlProtocolCase.Expectation expected, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (expected.statuses().stream().noneMatch(s -> statusMatches(s, status))) {
            return "expected " + String.join(" or ", expected.statuses()) + ", got " + describe(response);
        }
        String format = expected.format() != null ? expected.format() : expected.bool() != null ? "boolean" : null;
        if (format == null) {
            return null;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try {
            return switch (format) {
                case "boolean" -> checkBoolean(expected.bool(), contentType, response.body());
                case "tabular" -> checkTabular(contentType, response.body());
                case "RDF" -> checkRdf(contentType, response.body());
                default -> "unknown expected format " + format;
            };
        } catch (RuntimeException e) {
            return "the " + format + " body in " + contentType + " does not parse: " + e.getMessage();
        }
    }

    static boolean statusMatches(String name, int status) {
        Matcher m = STATUS_CLASS.matcher(name);
        return m.matches() && Integer.parseInt(m.group(1)) == status / 100;
    }

    private static String checkBoolean(Boolean expected, String contentType, byte[] body) {
        Lang lang = resultsLang(contentType);
        if (lang == null || !BOOLEAN_LANGS.contains(lang)) {
            return "expected a boolean result format, got Content-Type '" + contentType + "'";
        }
        boolean answer = ResultSetMgr.readBoolean(new ByteArrayInputStream(body), lang);
        return expected == null || expected == answer ? null : "expected " + expected + ", got " + answer;
    }

    private static String checkTabular(String contentType, byte[] body) {
        Lang lang = resultsLang(contentType);
        if (lang == null || !TABULAR_LANGS.contains(lang)) {
            return "expected a tabular result format, got Content-Type '" + contentType + "'";
        }
        ResultSetMgr.read(new ByteArrayInputStream(body), lang).getResultVars();
        return null;
    }

    private static String checkRdf(String contentType, byte[] body) {
        Lang lang = contentType.isEmpty() ? null : RDFLanguages.contentTypeToLang(MediaType.create(contentType).getContentTypeStr());
        if (lang == null || !RDFLanguages.isTriples(lang)) {
            return "expected an RDF graph format, got Content-Type '" + contentType + "'";
        }
        RDFParser.source(new ByteArrayInputStream(body)).lang(lang).parse(StreamRDFLib.sinkNull());
        return null;
    }

    private static Lang resultsLang(String contentType) {
        return contentType.isEmpty() ? null : WebContent.contentTypeToLangResultSet(MediaType.create(contentType).getContentTypeStr());
    }

    /** A request is an update if it says so by media type or parameter, or if its body is an update and not a query. */
    static boolean isUpdate(SparqlProtocolCase.Request request) {
        String contentType = request.header("Content-Type");
        if (contentType != null && MediaType.create(contentType).getContentTypeStr().equalsIgnoreCase(WebContent.contentTypeSPARQLUpdate)) {
            return true;
        }
        int q = request.path().indexOf('?');
        if (q >= 0 && formFieldNames(request.path().substring(q + 1)).contains("update")) {
            return true;
        }
        String body = request.body();
        return body != null && (formFieldNames(body).contains("update") || isUpdateText(body));
    }

    private static boolean isUpdateText(String text) {
        try {
            QueryFactory.create(text);
            return false;
        } catch (QueryParseException notAQuery) {
            try {
                UpdateFactory.create(text);
                return true;
            } catch (QueryParseException notAnUpdate) {
                return false;
            }
        }
    }

    private static Set<String> formFieldNames(String encoded) {
        return Arrays.stream(encoded.split("&"))
                .map(pair -> pair.split("=", 2)[0])
                .map(SparqlProtocolRunner::decode)
                .collect(Collectors.toSet());
    }

    /** A body that is not a form may hold stray '%' signs; such a name is kept as it is. */
    private static String decode(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static Charset charset(String encoding) {
        return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    }

    /** Status plus the error code of a TwinGraph error body, e.g. {@code 400 sparql:query.invalid}. */
    static String describe(HttpResponse<byte[]> response) {
        String text = String.valueOf(response.statusCode());
        if (response.statusCode() >= 400 && response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            try {
                String code = Json.MAPPER.readTree(response.body()).path("error").asText("");
                if (!code.isEmpty()) {
                    text += " " + code;
                }
            } catch (IOException e) {
                text += " (unreadable error body)";
            }
        }
        return text;
    }
}
