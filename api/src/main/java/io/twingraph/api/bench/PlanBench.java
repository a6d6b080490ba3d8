package io.twingraph.api.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.twingraph.api.cli.DurationOption;
import io.twingraph.planners.benchmark.PlanBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twingraph bench plan}: the energy planner against the exact optimum on public data (see PlanBenchmark). */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Measure the energy planner: cost vs an exact MILP optimum, baseline, savings, solve and replan times.")
public final class PlanBench implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Evaluation data with emhass/ and citylearn/ (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--time-limit", defaultValue = "10s", converter = DurationOption.class,
            description = "Planner time limit per instance (default: ${DEFAULT-VALUE}).")
    Duration timeLimit;

    @Option(names = "--replan-limit", defaultValue = "2s", converter = DurationOption.class,
            description = "Planner time limit for the replan after a price change (default: ${DEFAULT-VALUE}).")
    Duration replanLimit;

    @Option(names = "--emhass-days", defaultValue = "8", description = "EMHASS days to plan one by one (default: ${DEFAULT-VALUE}).")
    int emhassDays;

    @Option(names = "--milp-limit", defaultValue = "60s", converter = DurationOption.class,
            description = "Time limit of the exact MILP per instance (default: ${DEFAULT-VALUE}).")
    Duration milpLimit;

    @Option(names = "--only", description = "Run only instances whose name contains this text (replan: only the replan).")
    String only;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // the solver's per-phase INFO lines would bury the table
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ai.timefold.solver"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        new PlanBenchmark(spec.commandLine().getOut())
                .run(new PlanBenchmark.Options(dataDir, timeLimit, replanLimit, emhassDays, milpLimit, only));
        return 0;
    }
}
