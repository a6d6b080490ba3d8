package io.twingraph.nl.answer;

import java.util.List;
import java.util.Map;

/**
 * The answer to a question.
 *
 * @param text   the answer in words
 * @param sparql the query that found it
 * @param rows   its rows, variable to value
 */
public record Answer(String text, String sparql, List<Map<String, Object>> rows) {
    public Answer {
        rows = List.copyOf(rows);
    }
}
