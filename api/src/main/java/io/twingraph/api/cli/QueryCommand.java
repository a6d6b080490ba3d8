package io.twingraph.api.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.apache.jena.query.Query;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.resultset.ResultsReader;
import org.apache.jena.sparql.resultset.SPARQLResult;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph query 'SPARQL'}: asks the running server (or, when none serves the data directory, the graph on
 * disk) and prints the answer as a table, JSON, CSV, TSV or XML (graphs as Turtle or N-Triples).
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run a SPARQL query; common prefixes (brick, saref, sosa, tg, rdfs, skos) need no PREFIX lines.")
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "The query (or use --file).")
    String query;

    @Option(names = {"-f", "--file"}, description = "Read the query from a file.")
    Path file;

    @Option(names = "--format", defaultValue = "table",
            description = "table, json, csv, tsv, xml; for CONSTRUCT/DESCRIBE: turtle, ntriples (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    RunningServer location;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String text = file != null ? Files.readString(file, StandardCharsets.UTF_8) : query;
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give a query, or --file FILE");
        }
        Query parsed = SparqlService.parse(text);
        var url = location.find();
        PrintWriter out = spec.commandLine().getOut();
        if (url.isPresent()) {
            return viaServer(url.get(), text, parsed, out);
        }
        try (KnowledgeGraph kg = KnowledgeGraph.open(location.data.resolve("graph"))) {
            SparqlResult result = new SparqlService(kg, Duration.ofSeconds(60), 1_000_000).execute(parsed);
            print(result, out);
        }
        return 0;
    }

    private int viaServer(String base, String text, Query parsed, PrintWriter out) throws Exception {
        boolean graph = parsed.isConstructType() || parsed.isDescribeType();
        String accept = graph ? (fmt().equals("ntriples") ? "application/n-triples" : "text/turtle")
                : switch (fmt()) {
                    case "csv" -> "text/csv";
                    case "tsv" -> "text/tab-separated-values";
                    case "xml" -> "application/sparql-results+xml";
                    default -> "application/sparql-results+json";
                };
        HttpRequest request = location.request(base + "/sparql").timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(text, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<byte[]> response = RunningServer.HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            spec.commandLine().getErr().println("error: " + response.statusCode() + " " + body);
            return 1;
        }
        if (graph || !fmt().equals("table")) {
            out.print(body);
            out.flush();
            return 0;
        }
        SPARQLResult result = ResultsReader.create().lang(ResultSetLang.RS_JSON).build().readAny(new ByteArrayInputStream(response.body()));
        if (result.isBoolean()) {
            out.println(result.getBooleanResult());
        } else {
            out.print(table(result.getResultSet()));
        }
        out.flush();
        return 0;
    }

    private void print(SparqlResult result, PrintWriter out) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (result.isBoolean()) {
            out.println(result.bool());
        } else if (result.isGraph()) {
            RDFDataMgr.write(bytes, result.graph(), fmt().equals("ntriples") ? Lang.NTRIPLES : Lang.TURTLE);
            out.print(bytes.toString(StandardCharsets.UTF_8));
        } else if (fmt().equals("table")) {
            out.print(table(result.rows()));
        } else {
            Lang lang = switch (fmt()) {
                case "csv" -> ResultSetLang.RS_CSV;
                case "tsv" -> ResultSetLang.RS_TSV;
                case "xml" -> ResultSetLang.RS_XML;
                default -> ResultSetLang.RS_JSON;
            };
            ResultSetMgr.write(bytes, result.rows(), lang);
            out.print(bytes.toString(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    private static String table(org.apache.jena.query.ResultSet rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultSetFormatter.out(bytes, rows, io.twingraph.ontology.Namespaces.PREFIXES);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String fmt() {
        return format.toLowerCase(Locale.ROOT);
    }

}
