package io.twingraph.api.eval;

import java.util.List;

/**
 * One W3C SPARQL 1.1 Protocol test as the flat JSONL extraction gives it: graphs to preload, then requests to send
 * in order, each with what its response must look like.
 */
record SparqlProtocolCase(String id, String name, String type, List<GraphData> graphData, List<Request> requests) {

    SparqlProtocolCase {
        graphData = List.copyOf(graphData);
        requests = List.copyOf(requests);
    }

    /** A file of the protocol directory to load as the named graph {@code label}. */
    record GraphData(String file, String label) {
    }

    /** A header exactly as the manifest gives it (names are not normalised). */
    record Header(String name, String value) {
    }

    /**
     * One HTTP request.
     *
     * @param path         absolute path with query string, starting with the suite's {@code /sparql/}
     * @param body         the body text, or null for none
     * @param bodyEncoding the charset to encode the body in (the suite sends UTF-16 on purpose), or null
     */
    record Request(String method, String path, List<Header> headers, String body, String bodyEncoding, Expectation expected) {
        Request {
            headers = List.copyOf(headers);
        }

        /** The value of a header, matched case-insensitively, or null. */
        String header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
        }
    }

    /**
     * What the response must be.
     *
     * @param statuses the accepted status names, e.g. {@code StatusCode2xx}
     * @param format   {@code boolean}, {@code tabular}, {@code RDF}, or null for any
     * @param bool     the expected ASK answer, or null
     */
    record Expectation(List<String> statuses, String format, Boolean bool) {
        Expectation {
            statuses = List.copyOf(statuses);
        }
    }

    /** A negative test expects only client or server errors: the request must be refused. */
    boolean isNegative() {
        return !requests.isEmpty() && requests.get(requests.size() - 1).expected().statuses().stream()
                .allMatch(s -> s.startsWith("StatusCode4") || s.startsWith("StatusCode5"));
    }
}
