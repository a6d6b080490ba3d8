package io.twingraph.twins.simulation;

import java.util.Random;

/** Random helpers used by the models. */
final class Noise {
    private Noise() {
    }

    /** One step of a mean-reverting random walk: drifts like weather, never wanders off. */
    static double ornsteinUhlenbeck(Random random, double value, double mean, double sd, double tauSeconds,
                                    double dtSeconds) {
        double decay = Math.exp(-dtSeconds / tauSeconds);
        return mean + (value - mean) * decay + sd * Math.sqrt(1 - decay * decay) * random.nextGaussian();
    }

    /** Whether an event with the given rate (per hour) happens within dt. */
    static boolean happens(Random random, double perHour, double dtSeconds) {
        return perHour > 0 && random.nextDouble() < 1 - Math.exp(-perHour * dtSeconds / 3600);
    }

    static double uniform(Random random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    static boolean chance(Random random, double probability) {
        return random.nextDouble() < probability;
    }
}
