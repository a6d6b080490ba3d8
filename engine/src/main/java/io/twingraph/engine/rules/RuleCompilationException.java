package io.twingraph.engine.rules;

import java.util.List;
import java.util.stream.Collectors;

import io.twingraph.error.TwinGraphException;

/** DRL that does not compile, with every error the compiler found (line and message). */
public final class RuleCompilationException extends TwinGraphException {
    private static final long serialVersionUID = 1L;

    private final transient List<CompileError> errors;

    RuleCompilationException(String pkg, List<CompileError> errors) {
        super("rules:compile.failed", Kind.INVALID, "Rule package '" + pkg + "' does not compile: " + errors.size()
                        + " error(s); " + errors.stream().limit(3)
                        .map(e -> "line " + e.line() + ": " + e.message()).collect(Collectors.joining("; ")),
                "Fix the DRL at the lines given (the first syntax error can hide later errors) and upload it again.");
        this.errors = List.copyOf(errors);
    }

    public List<CompileError> errors() {
        return errors;
    }

    @Override
    public List<CompileError> details() {
        return errors;
    }
}
