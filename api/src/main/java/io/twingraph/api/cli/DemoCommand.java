package io.twingraph.api.cli;

import io.twingraph.api.app.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twingraph demo}: {@code serve} with simulated homes publishing live telemetry. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run TwinGraph with its embedded defaults and a simulated home publishing live telemetry.")
final class DemoCommand extends ServeCommand {
    @Option(names = "--homes", defaultValue = "1", description = "Simulated homes (default: ${DEFAULT-VALUE}).")
    int homes;

    @Option(names = "--extra-devices", defaultValue = "0",
            description = "Extra devices per home, for load (default: ${DEFAULT-VALUE}).")
    int extraDevices;

    @Option(names = "--speed", defaultValue = "1",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}; 60 = one hour a minute).")
    double speed;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    AppConfig config() {
        return super.config().withSimulation(new AppConfig.Simulation(homes, extraDevices, speed, seed));
    }
}
