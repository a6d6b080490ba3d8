package io.twingraph.engine.rules;

/**
 * One problem the DRL compiler found.
 *
 * @param line    1-based line in the DRL text, 0 when the compiler did not say
 * @param column  column as the compiler reports it (often 0)
 * @param message the compiler's words
 */
public record CompileError(int line, int column, String message) {
}
