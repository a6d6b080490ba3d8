package io.twingraph.api.cli;

import picocli.CommandLine.Command;

/** {@code twingraph bench ...}: benchmarks that print numbers. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print numbers.",
        subcommands = {io.twingraph.api.bench.IngestBenchmark.class, io.twingraph.api.bench.RulesBenchmark.class,
                io.twingraph.api.bench.PlanBench.class, io.twingraph.api.bench.PolicySparqlBenchmark.class})
final class BenchCommand {
}
