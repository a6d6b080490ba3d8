package io.twingraph.nl.llm;

import java.util.List;
import java.util.Objects;

/**
 * What {@link LlmAgent#ask} gives back.
 *
 * @param text   the model's final answer for the person who asked
 * @param calls  every tool call the model made, in order, with its result
 * @param sparql every SPARQL query that ran for this answer, exactly as it ran (as {@link
 *               io.twingraph.engine.query.QueryGuard} rewrote it, with its LIMIT): shown to the person with the
 *               answer. Queries the guard refused did not run and are not here (they are in {@code calls})
 */
public record AgentAnswer(String text, List<ToolCallRecord> calls, List<String> sparql) {
    public AgentAnswer {
        Objects.requireNonNull(text, "text");
        calls = List.copyOf(calls);
        sparql = List.copyOf(sparql);
    }
}
