package io.twingraph.twins.simulation;

import java.util.List;
import java.util.Random;

/**
 * A washing machine or dishwasher: runs a programme of phases once started; paused while its plug is off, which is
 * what makes it a deferrable load for the energy planner.
 */
final class ApplianceProgram implements Load {
    /** One phase: how long, and the mean power around which the draw fluctuates. */
    record Phase(double minutes, double watts, double jitter) {
    }

    static final List<Phase> WASHING = List.of(
            new Phase(4, 60, 10),      // fill
            new Phase(16, 2050, 60),   // heat the water
            new Phase(45, 280, 90),    // wash: the drum turns back and forth
            new Phase(12, 150, 40),    // rinse
            new Phase(10, 480, 120));  // spin
    static final List<Phase> DISHWASHING = List.of(
            new Phase(5, 80, 10),
            new Phase(18, 2000, 50),   // heat for the main wash
            new Phase(35, 110, 30),
            new Phase(14, 1900, 50),   // heat for the rinse
            new Phase(25, 30, 5));     // dry

    private static final double IDLE_WATTS = 0.8;
    private final List<Phase> phases;
    private final Random random;
    private double elapsedMinutes = -1;

    ApplianceProgram(List<Phase> phases, Random random) {
        this.phases = phases;
        this.random = random;
    }

    void start() {
        if (!running()) {
            elapsedMinutes = 0;
        }
    }

    boolean running() {
        return elapsedMinutes >= 0;
    }

    @Override
    public double step(Moment moment, double dtSeconds, boolean powered) {
        if (!powered) {
            return 0;
        }
        if (!running()) {
            return IDLE_WATTS;
        }
        Phase phase = phaseAt(elapsedMinutes);
        elapsedMinutes += dtSeconds / 60;
        if (phase == null) {
            elapsedMinutes = -1;
            return IDLE_WATTS;
        }
        return Math.max(IDLE_WATTS, phase.watts() + random.nextGaussian() * phase.jitter());
    }

    private Phase phaseAt(double minutes) {
        double end = 0;
        for (Phase phase : phases) {
            end += phase.minutes();
            if (minutes < end) {
                return phase;
            }
        }
        return null;
    }
}
