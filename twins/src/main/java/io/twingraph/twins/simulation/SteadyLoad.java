package io.twingraph.twins.simulation;

import java.util.Random;

/** A generic appliance for load tests: switches on and off now and then and draws a fluctuating power. */
final class SteadyLoad implements Load {
    private final Random random;
    private final double meanWatts;
    private boolean active;
    private double level;

    SteadyLoad(Random random, double meanWatts) {
        this.random = random;
        this.meanWatts = meanWatts;
        this.active = random.nextBoolean();
    }

    @Override
    public double step(Moment moment, double dtSeconds, boolean powered) {
        if (!powered) {
            return 0;
        }
        if (Noise.happens(random, 0.5, dtSeconds)) {
            active = !active;
        }
        level = Noise.ornsteinUhlenbeck(random, level, 0, meanWatts * 0.1, 600, dtSeconds);
        return active ? Math.max(1, meanWatts + level) : 0.7;
    }
}
