package io.twingraph.api.cli;

import picocli.CommandLine.Command;

/** {@code twingraph eval ...}: conformance and accuracy evaluations against public data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure TwinGraph against public test suites and data (../shared/data by default).",
        subcommands = {io.twingraph.api.eval.SparqlProtocolEval.class, io.twingraph.api.eval.DittoProtocolEval.class,
                io.twingraph.api.eval.DittoOpenApiEval.class, io.twingraph.api.eval.NabEval.class,
                io.twingraph.api.eval.intents.IntentsEval.class})
final class EvalCommand {
}
