package io.twingraph.api.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;

/** Reads {@code protocol_tests_flat.jsonl}: one JSON object per line, one {@link SparqlProtocolCase} each. */
final class SparqlProtocolCases {
    private SparqlProtocolCases() {
    }

    /**
     * Reads every non-blank line.
     *
     * @throws IllegalArgumentException naming the line that is not a well-formed test
     */
    static List<SparqlProtocolCase> read(Path jsonl) throws IOException {
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        List<SparqlProtocolCase> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                cases.add(parseCase(Json.MAPPER.readTree(lines.get(i))));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(jsonl.getFileName() + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return cases;
    }

    static SparqlProtocolCase parseCase(JsonNode node) {
        return new SparqlProtocolCase(required(node, "id"), node.path("name").asText(""), node.path("type").asText(""),
                list(node.path("graphData"), SparqlProtocolCases::parseGraphData),
                list(node.path("requests"), SparqlProtocolCases::parseRequest));
    }

    static SparqlProtocolCase.GraphData parseGraphData(JsonNode node) {
        return new SparqlProtocolCase.GraphData(required(node, "graph"), required(node, "label"));
    }

    static SparqlProtocolCase.Request parseRequest(JsonNode node) {
        return new SparqlProtocolCase.Request(required(node, "method"), required(node, "path"),
                list(node.path("headers"), SparqlProtocolCases::parseHeader),
                textOrNull(node.get("body")), textOrNull(node.get("bodyEncoding")), parseExpectation(node.path("response")));
    }

    /** Headers are {@code [name, value]} pairs. */
    static SparqlProtocolCase.Header parseHeader(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            throw new IllegalArgumentException("a header must be [name, value], got " + pair);
        }
        return new SparqlProtocolCase.Header(pair.get(0).asText(), pair.get(1).asText());
    }

    static SparqlProtocolCase.Expectation parseExpectation(JsonNode node) {
        List<String> statuses = list(node.path("expectedStatus"), JsonNode::asText);
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("a response needs expectedStatus");
        }
        JsonNode bool = node.get("expectedBoolean");
        return new SparqlProtocolCase.Expectation(statuses, textOrNull(node.get("expectedFormat")),
                bool == null || bool.isNull() ? null : bool.asBoolean());
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
        List<T> items = new ArrayList<>();
        array.forEach(n -> items.add(item.apply(n)));
        return items;
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing '" + field + "' in " + node);
        }
        return value.asText();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
