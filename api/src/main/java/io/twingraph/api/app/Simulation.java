package io.twingraph.api.app;

import java.time.Clock;

import org.apache.jena.riot.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.ontology.Graphs;
import io.twingraph.twins.Topics;
import io.twingraph.twins.simulation.HomeSimulation;
import io.twingraph.twins.simulation.SimulationConfig;

/**
 * The simulated homes of {@code twingraph demo}: their twins are created in the store if missing (existing ones
 * keep their state), their floors and rooms replace the simulated-topology graph, and their devices start publishing
 * to the broker. Close it to stop the devices.
 */
public final class Simulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    private final HomeSimulation homes;
    private final int devices;

    private Simulation(HomeSimulation homes, int devices) {
        this.homes = homes;
        this.devices = devices;
    }

    static Simulation start(AppConfig.Simulation config, Topics topics, TwinGraphEngine engine, String brokerUri,
                            Clock clock) {
        SimulationConfig simConfig = SimulationConfig.defaults()
                .withHomes(config.homes())
                .withExtraDevicesPerHome(config.extraDevicesPerHome())
                .withSeed(config.seed())
                .withSpeedFactor(config.speed())
                .withTopics(topics);
        HomeSimulation homes = new HomeSimulation(simConfig, clock);
        var things = homes.things();
        int created = engine.provision(things);
        long triples = engine.graph().importText(homes.topologyTurtle(), Lang.TURTLE, Graphs.SIMULATED_TOPOLOGY, true);
        LOG.info("Simulation: {} homes, {} devices ({} new twins), topology of {} triples", config.homes(),
                things.size(), created, triples);
        homes.start(brokerUri);
        return new Simulation(homes, things.size());
    }

    /** One line for the start banner. */
    public String describe() {
        return homes.homeIds().size() + " home(s), " + devices + " devices " + homes.homeIds();
    }

    /** The simulation itself (tests read device states from it). */
    public HomeSimulation homes() {
        return homes;
    }

    @Override
    public void close() {
        homes.close();
    }
}
