package io.twingraph.twins.simulation;

import java.util.Random;

/** A fridge-freezer: the compressor cycles, about 15 minutes on at ~100 W and 25 minutes off. */
final class Fridge implements Load {
    private static final double IDLE_WATTS = 2;
    private final Random random;
    private boolean compressor;
    private double secondsLeft;

    Fridge(Random random) {
        this.random = random;
        this.compressor = random.nextBoolean();
        this.secondsLeft = random.nextDouble() * 900;
    }

    @Override
    public double step(Moment moment, double dtSeconds, boolean powered) {
        if (!powered) {
            return 0;
        }
        secondsLeft -= dtSeconds;
        if (secondsLeft <= 0) {
            compressor = !compressor;
            // a warm kitchen makes the compressor work longer: do not model it, vary it
            secondsLeft = compressor ? Noise.uniform(random, 12, 18) * 60 : Noise.uniform(random, 20, 32) * 60;
        }
        return compressor ? 95 + random.nextGaussian() * 4 : IDLE_WATTS;
    }
}
