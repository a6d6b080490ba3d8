package io.twingraph.api.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code twingraph} command line. */
@Command(name = "twingraph", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "TwinGraph: digital twins in a knowledge graph you can query, with rules, planning and language.",
        subcommands = {ServeCommand.class, DemoCommand.class, ImportCommand.class, QueryCommand.class, AskCommand.class, RulesCommand.class, PlanCommand.class, TokenCommand.class, PrivacyCommand.class,
                EvalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        // Before any logger exists: HiveMQ's jar carries a logback.xml that would otherwise win.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "twingraph-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run commands through it). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }
}
