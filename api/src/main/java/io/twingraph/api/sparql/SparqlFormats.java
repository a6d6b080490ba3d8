package io.twingraph.api.sparql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.jena.atlas.web.AcceptList;
import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.WebContent;
import org.apache.jena.riot.resultset.ResultSetLang;

import io.twingraph.error.TwinGraphException;

/**
 * The result formats the endpoint offers and the choice among them, by the {@code format}/{@code output} parameter
 * if given, else by the Accept header (matched with Jena's {@link AcceptList}, so q-values and wildcards follow the
 * same rules as Fuseki), else the default: the first format of each list.
 */
final class SparqlFormats {

    /** What a query produces, which decides the formats it can be written in. */
    enum Shape {
        ROWS("SELECT"), BOOLEAN("ASK"), GRAPH("CONSTRUCT/DESCRIBE");

        private final String label;

        Shape(String label) {
            this.label = label;
        }
    }

    /**
     * One offered format.
     *
     * @param mediaType    what a client puts in Accept (or {@code format})
     * @param responseType the Content-Type we answer with
     * @param lang         Jena's writer language
     * @param rdfFormat    the RDF writer format (graphs only; null for results)
     * @param names        short names for the {@code format} parameter
     */
    record Format(String mediaType, String responseType, Lang lang, RDFFormat rdfFormat, List<String> names) {
    }

    static final List<Format> RESULT_FORMATS = List.of(
            results(WebContent.contentTypeResultsJSON, ResultSetLang.RS_JSON, "json", "srj"),
            results(WebContent.contentTypeResultsXML, ResultSetLang.RS_XML, "xml", "srx"),
            results(WebContent.contentTypeTextCSV, ResultSetLang.RS_CSV, "csv"),
            results(WebContent.contentTypeTextTSV, ResultSetLang.RS_TSV, "tsv"),
            // Generic aliases some clients send (Jena's own default Accept lists them at q=0.2); the body is the same.
            results(WebContent.contentTypeJSON, ResultSetLang.RS_JSON),
            results(WebContent.contentTypeXML, ResultSetLang.RS_XML));

    static final List<Format> GRAPH_FORMATS = List.of(
            graph(WebContent.contentTypeTurtle, Lang.TURTLE, RDFFormat.TURTLE_PRETTY, "turtle", "ttl"),
            graph(WebContent.contentTypeNTriples, Lang.NTRIPLES, RDFFormat.NTRIPLES, "ntriples", "n-triples", "nt"),
            graph(WebContent.contentTypeJSONLD, Lang.JSONLD, RDFFormat.JSONLD_PRETTY, "jsonld", "json-ld", "json"),
            graph(WebContent.contentTypeRDFXML, Lang.RDFXML, RDFFormat.RDFXML_PRETTY, "rdfxml", "rdf", "xml"),
            graph(WebContent.contentTypeTurtleAlt1, Lang.TURTLE, RDFFormat.TURTLE_PRETTY));

    private SparqlFormats() {
    }

    static List<Format> offered(Shape shape) {
        return shape == Shape.GRAPH ? GRAPH_FORMATS : RESULT_FORMATS;
    }

    /**
     * Chooses the format of a response.
     *
     * @param formatParam the {@code format}/{@code output} parameter (a short name or a media type), or null
     * @param accept      the Accept header, or null
     * @throws TwinGraphException {@code sparql:format.unknown} (400) for a format parameter that names nothing
     * @throws SparqlHttpError    406 when nothing offered is acceptable
     */
    static Format choose(Shape shape, String formatParam, String accept) {
        List<Format> offers = offered(shape);
        if (formatParam != null && !formatParam.isBlank()) {
            return byParameter(shape, offers, normalise(formatParam));
        }
        if (accept == null || accept.isBlank()) {
            return offers.get(0);
        }
        AcceptList offerList = AcceptList.create(offers.stream().map(Format::mediaType).toArray(String[]::new));
        MediaType match = AcceptList.match(new AcceptList(accept), offerList);
        if (match == null) {
            throw SparqlHttpError.notAcceptable("None of the accepted types (" + accept + ") is offered for " + shape.label
                    + " results.", "Accept one of: " + mediaTypes(offers) + ".");
        }
        String chosen = match.getContentTypeStr();
        return offers.stream().filter(f -> f.mediaType().equalsIgnoreCase(chosen)).findFirst().orElseThrow();
    }

    private static Format byParameter(Shape shape, List<Format> offers, String wanted) {
        Optional<Format> offered = find(offers, wanted);
        if (offered.isPresent()) {
            return offered.get();
        }
        boolean knownElsewhere = find(RESULT_FORMATS, wanted).or(() -> find(GRAPH_FORMATS, wanted)).isPresent();
        if (knownElsewhere) {
            throw SparqlHttpError.notAcceptable("Format '" + wanted + "' is not offered for " + shape.label + " results.",
                    "Use one of: " + names(offers) + ".");
        }
        throw new TwinGraphException("sparql:format.unknown", TwinGraphException.Kind.INVALID,
                "Unknown result format '" + wanted + "'.", "Use one of: " + names(offers) + ", or a media type.");
    }

    /** A short name as given, or a media type without its parameters ({@code text/csv; charset=utf-8} is text/csv). */
    private static String normalise(String formatParam) {
        String wanted = formatParam.trim();
        if (wanted.contains("/")) {
            wanted = MediaType.create(wanted).getContentTypeStr();
        }
        return wanted.toLowerCase(Locale.ROOT);
    }

    private static Optional<Format> find(List<Format> formats, String wanted) {
        return formats.stream().filter(f -> f.mediaType().equals(wanted) || f.names().contains(wanted)).findFirst();
    }

    private static String mediaTypes(List<Format> formats) {
        return formats.stream().map(Format::mediaType).collect(Collectors.joining(", "));
    }

    private static String names(List<Format> formats) {
        return formats.stream().flatMap(f -> f.names().stream().limit(1)).collect(Collectors.joining(", "));
    }

    private static Format results(String mediaType, Lang lang, String... names) {
        return new Format(mediaType, withCharset(mediaType), lang, null, List.of(names));
    }

    private static Format graph(String mediaType, Lang lang, RDFFormat format, String... names) {
        return new Format(mediaType, withCharset(mediaType), lang, format, List.of(names));
    }

    /** Text types get an explicit charset: without one, text/* defaults to US-ASCII or ISO-8859-1 in older clients. */
    private static String withCharset(String mediaType) {
        return Stream.of("text/", "application/n-triples").anyMatch(mediaType::startsWith)
                ? mediaType + "; charset=utf-8" : mediaType;
    }
}
