package io.twingraph.twins.simulation;

/** Where the sun stands and how much it gives under a clear sky. Textbook approximations, good to a few percent. */
final class SolarGeometry {
    /** Central Europe, where the default time zone of the demo usually is. */
    static final double LATITUDE = 50.0;

    private SolarGeometry() {
    }

    /** Sine of the sun's elevation; negative at night. */
    static double sinElevation(double latitudeDeg, int dayOfYear, double solarHour) {
        double declination = Math.toRadians(23.44) * Math.sin(2 * Math.PI * (284 + dayOfYear) / 365.0);
        double hourAngle = Math.toRadians(15 * (solarHour - 12));
        double latitude = Math.toRadians(latitudeDeg);
        return Math.sin(latitude) * Math.sin(declination)
                + Math.cos(latitude) * Math.cos(declination) * Math.cos(hourAngle);
    }

    /** Global horizontal irradiance under a clear sky, W/m2; the exponential is the longer air path at low sun. */
    static double clearSkyIrradiance(double sinElevation) {
        if (sinElevation <= 0.01) {
            return 0;
        }
        return 1100 * sinElevation * Math.exp(-0.08 / sinElevation);
    }
}
