package io.twingraph.twins.simulation;

import java.util.Random;

/**
 * The outdoor weather all simulated homes share (they are neighbours): temperature from a seasonal mean, a daily
 * curve (coldest around 5:00, warmest around 15:00) and a slow random drift standing for passing weather systems;
 * irradiance from the sun's position dimmed by clouds that change as a three-state Markov process.
 */
final class Weather {
    private enum Sky {
        CLEAR(0.05), PARTLY_CLOUDY(0.55), OVERCAST(0.95);

        final double cover;

        Sky(double cover) {
            this.cover = cover;
        }
    }

    private static final double MEAN_SKY_HOURS = 3;
    private static final double DRIFT_SD = 1.8;
    private static final double DRIFT_HOURS = 8;
    private static final double CLOUD_SMOOTHING_SECONDS = 900;

    private final Random random;
    private Sky sky;
    private double cloudCover;
    private double drift;
    private double temperature;
    private double irradiance;

    Weather(Random random, Moment start) {
        this.random = random;
        this.sky = Sky.values()[random.nextInt(Sky.values().length)];
        this.cloudCover = sky.cover;
        this.drift = random.nextGaussian() * DRIFT_SD;
        update(start);
    }

    void step(Moment moment, double dtSeconds) {
        maybeChangeSky(moment, dtSeconds);
        cloudCover += (sky.cover - cloudCover) * (1 - Math.exp(-dtSeconds / CLOUD_SMOOTHING_SECONDS));
        drift = Noise.ornsteinUhlenbeck(random, drift, 0, DRIFT_SD, DRIFT_HOURS * 3600, dtSeconds);
        update(moment);
    }

    /** Outdoor air temperature, degC. */
    double temperature() {
        return temperature;
    }

    /** Global horizontal irradiance, W/m2. */
    double irradiance() {
        return irradiance;
    }

    private void update(Moment moment) {
        temperature = seasonalMean(moment) + dailyAmplitude(moment) * dailyShape(moment.hour()) + drift;
        double clear = SolarGeometry.clearSkyIrradiance(
                SolarGeometry.sinElevation(SolarGeometry.LATITUDE, moment.dayOfYear(), moment.solarHour()));
        // Kasten & Czeplak: how much of the clear-sky irradiance gets through a given cloud cover
        irradiance = clear * (1 - 0.75 * Math.pow(cloudCover, 3.4));
    }

    private void maybeChangeSky(Moment moment, double dtSeconds) {
        if (random.nextDouble() >= 1 - Math.exp(-dtSeconds / (MEAN_SKY_HOURS * 3600))) {
            return;
        }
        // winters are greyer than summers
        double overcast = 0.45 - 0.25 * moment.summerness();
        double clear = 0.2 + 0.25 * moment.summerness();
        double draw = random.nextDouble();
        sky = draw < overcast ? Sky.OVERCAST : draw < overcast + clear ? Sky.CLEAR : Sky.PARTLY_CLOUDY;
    }

    /** About 1 degC in mid January, 18 degC in mid July. */
    static double seasonalMean(Moment moment) {
        return 1 + 17 * moment.summerness();
    }

    /** Half the day's swing: wider in summer, narrower under clouds. */
    private double dailyAmplitude(Moment moment) {
        return (3 + 3 * moment.summerness()) * (1 - 0.5 * cloudCover);
    }

    /** -1 at 5:00, +1 at 15:00, smooth in between, asymmetric because the afternoon warms faster than night cools. */
    static double dailyShape(double hour) {
        if (hour >= 5 && hour < 15) {
            return -Math.cos(Math.PI * (hour - 5) / 10);
        }
        double sinceMax = ((hour - 15) % 24 + 24) % 24;
        return Math.cos(Math.PI * sinceMax / 14);
    }
}
