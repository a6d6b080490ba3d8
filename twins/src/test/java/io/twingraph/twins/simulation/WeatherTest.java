package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;

import org.eclipse.ditto.json.JsonPointer;
import org.junit.jupiter.api.Test;

class WeatherTest {

    private static double pvPower(HomeSimulation sim) {
        return sim.state("home1:pv-inverter").orElseThrow().getValue(JsonPointer.of("/pv/power")).orElseThrow().asDouble();
    }

    private static double hourOf(HomeSimulation sim) {
        LocalDateTime local = LocalDateTime.ofInstant(sim.now(), SimTimes.BERLIN);
        return local.getHour() + local.getMinute() / 60.0;
    }

    @Test
    void theSunGivesNothingAtNightAndPvProducesAroundNoonInJune() {
        HomeSimulation sim = SimTimes.simulation("2026-06-15T00:00");
        for (int day = 0; day < 5; day++) {
            sim.step(Duration.ofHours(1)); // 01:00
            assertThat(sim.weather().irradiance()).as("irradiance at 01:00 on day %d", day).isZero();
            assertThat(pvPower(sim)).as("PV at 01:00 on day %d", day).isZero();
            sim.step(Duration.ofHours(12)); // 13:00 CEST, about solar noon
            assertThat(sim.weather().irradiance()).as("irradiance at 13:00 on day %d", day).isGreaterThan(150);
            assertThat(pvPower(sim)).as("PV at 13:00 on day %d", day).isGreaterThan(800);
            sim.step(Duration.ofHours(11)); // midnight
        }
    }

    @Test
    void aJuneDayIsLongAndAJanuaryDayShort() {
        assertThat(daylightHours("2026-06-21T00:00")).isBetween(15.0, 17.5);
        assertThat(daylightHours("2026-01-10T00:00")).isBetween(7.0, 9.5);
    }

    private static double daylightHours(String midnight) {
        HomeSimulation sim = SimTimes.simulation(midnight);
        double first = -1;
        double last = -1;
        for (int i = 0; i < 24 * 6; i++) {
            sim.step(Duration.ofMinutes(10));
            if (sim.weather().irradiance() > 0) {
                last = hourOf(sim);
                first = first < 0 ? last : first;
            }
        }
        return last - first;
    }

    @Test
    void afternoonsAreWarmerThanEarlyMorningsOnAverage() {
        for (String start : new String[] {"2026-01-05T00:00", "2026-07-06T00:00"}) {
            HomeSimulation sim = SimTimes.simulation(start);
            double at5 = 0;
            double at15 = 0;
            int days = 8;
            for (int day = 0; day < days; day++) {
                sim.step(Duration.ofHours(5));
                at5 += sim.weather().temperature();
                sim.step(Duration.ofHours(10));
                at15 += sim.weather().temperature();
                sim.step(Duration.ofHours(9));
            }
            assertThat(at15 / days).as("mean at 15:00 vs 05:00 from %s", start).isGreaterThan(at5 / days + 1.5);
        }
    }

    @Test
    void summersAreWarmerThanWinters() {
        HomeSimulation winter = SimTimes.simulation("2026-01-15T12:00");
        HomeSimulation summer = SimTimes.simulation("2026-07-15T12:00");
        double winterMean = 0;
        double summerMean = 0;
        for (int hour = 0; hour < 72; hour++) {
            winter.step(Duration.ofHours(1));
            summer.step(Duration.ofHours(1));
            winterMean += winter.weather().temperature() / 72;
            summerMean += summer.weather().temperature() / 72;
        }
        assertThat(winterMean).isBetween(-8.0, 8.0);
        assertThat(summerMean).isBetween(12.0, 28.0);
    }

    @Test
    void solarNoonFollowsStandardTimeSoItComesAnHourLaterOnSummerClocks() {
        Moment winter = Moment.of(LocalDateTime.parse("2026-01-15T12:00").atZone(SimTimes.BERLIN).toInstant(), SimTimes.BERLIN);
        Moment summer = Moment.of(LocalDateTime.parse("2026-07-15T13:00").atZone(SimTimes.BERLIN).toInstant(), SimTimes.BERLIN);
        assertThat(winter.solarHour()).isEqualTo(12.0);
        assertThat(summer.solarHour()).isEqualTo(12.0);
        assertThat(summer.workday()).isTrue();
    }
}
