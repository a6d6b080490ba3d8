package io.twingraph.nl.llm;

import java.util.Objects;

/**
 * One tool call the model made while answering.
 *
 * @param id        the id the model gave the call (OpenAI's {@code tool_call_id}); may be empty (Ollama gives none)
 * @param tool      the tool's name: {@code select}, {@code listThings}, {@code sendCommand} or {@code setGoal}
 * @param arguments the arguments as the model sent them (JSON text)
 * @param result    what the model was given back: the tool's result, or the error
 * @param error     true when the call did not do its work (refused query, bad arguments, failing tool)
 */
public record ToolCallRecord(String id, String tool, String arguments, String result, boolean error) {
    public ToolCallRecord {
        id = id == null ? "" : id;
        Objects.requireNonNull(tool, "tool");
        arguments = arguments == null ? "" : arguments;
        Objects.requireNonNull(result, "result");
    }
}
