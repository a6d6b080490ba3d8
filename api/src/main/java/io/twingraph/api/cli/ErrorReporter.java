package io.twingraph.api.cli;

import io.twingraph.error.TwinGraphException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints what went wrong and what to do, without a stack trace for errors a user can fix. */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        if (e instanceof TwinGraphException t) {
            cli.getErr().println("error: " + t.getMessage() + " [" + t.code() + "]");
            if (t.description() != null) {
                cli.getErr().println("       " + t.description());
            }
            return 1;
        }
        if (e instanceof IllegalArgumentException) {
            cli.getErr().println("error: " + e.getMessage());
            return 2;
        }
        cli.getErr().println("error: " + e);
        e.printStackTrace(cli.getErr());
        return 1;
    }
}
