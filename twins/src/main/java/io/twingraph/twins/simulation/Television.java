package io.twingraph.twins.simulation;

import java.util.Random;

/** A TV: watched when someone sits in the living room in the evening, in standby otherwise. */
final class Television implements Load {
    private static final double STANDBY_WATTS = 0.5;
    private final Random random;
    private boolean watching;

    Television(Random random) {
        this.random = random;
    }

    void watch(boolean on) {
        watching = on;
    }

    boolean watching() {
        return watching;
    }

    @Override
    public double step(Moment moment, double dtSeconds, boolean powered) {
        if (!powered) {
            watching = false;
            return 0;
        }
        return watching ? 115 + random.nextGaussian() * 12 : STANDBY_WATTS;
    }
}
