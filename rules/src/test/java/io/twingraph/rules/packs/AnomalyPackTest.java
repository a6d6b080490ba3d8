package io.twingraph.rules.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Reading;
import io.twingraph.engine.rules.facts.Room;

/**
 * The default anomaly pack ({@code anomaly.drl} on the classpath) on the pseudo clock: each detector fires when it
 * should, once per cooldown, and stays quiet on normal data, including signals that are flat by nature and
 * neighbours that agree.
 */
class AnomalyPackTest {
    static final String RESOURCE = "/io/twingraph/rules/packs/anomaly.drl";
    static final String DRL = load();

    /** 10:00 local time: time-of-day rules read the JVM's zone, so the tests build local times in it too. */
    private static final Instant T0 = local(10);
    private static final String LIVING = "https://twingraph.io/site/home1/living-room";
    private static final String SENSOR = "home1:living-room-climate-sensor";
    private static final String THERMOSTAT = "home1:living-room-thermostat";
    private static final String EXTRA = "home1:extra-sensor-1";
    private static final String TEMPERATURE = "environment/temperature";
    private static final String CO2 = "environment/co2";
    private static final String SERIES = "series:machine";
    private static final String VALUE = "value/value";

    /** Feeds readings one at a time, firing after each, and keeps the anomalies. */
    private static final class Pack implements AutoCloseable {
        final RuleTester tester;
        final List<Decision> anomalies = new ArrayList<>();

        Pack(Instant start) {
            tester = RuleTester.of(DRL, start);
        }

        Pack read(String device, String type, String room, String key, Object value, Instant at) {
            tester.reading(Reading.of(device, type, room, key, value, at));
            return fire();
        }

        Pack sensor(String key, double value, Instant at) {
            return read(SENSOR, "Sensor", LIVING, key, value, at);
        }

        Pack thermostat(double value, Instant at) {
            return read(THERMOSTAT, "Thermostat", LIVING, "thermostat/temperature", value, at);
        }

        Pack series(double value, Instant at) {
            return read(SERIES, "Machine", "", VALUE, value, at);
        }

        Pack fire() {
            List<Decision> fired = tester.fire();
            assertThat(fired).as("no rule of the pack may fail").noneMatch(d -> d.kind() == Decision.Kind.RULE_FAILED);
            fired.stream().filter(d -> d.kind() == Decision.Kind.ANOMALY).forEach(anomalies::add);
            return this;
        }

        List<String> rules() {
            return anomalies.stream().map(Decision::rule).toList();
        }

        @Override
        public void close() {
            tester.close();
        }
    }

    @Test
    void thePackCompilesFromTheClasspathAndIgnoresWhatItDoesNotWatch() {
        try (Pack p = new Pack(T0)) {
            p.read("home1:living-room-motion-sensor", "Sensor", LIVING, "presence/occupied", true, T0);
            p.read("home1:plug", "SmartPlug", LIVING, "meter/energy", 1e9, T0.plusSeconds(60));
            p.sensor(TEMPERATURE, 21.0, T0.plusSeconds(120));
            assertThat(p.anomalies).isEmpty();
        }
    }

    @Nested
    class OutsideWhatTheQuantityCanBe {
        @Test
        void aTemperatureNoRoomCanHaveIsRaisedWithItsReason() {
            try (Pack p = new Pack(T0)) {
                p.sensor(TEMPERATURE, 21.0, T0).sensor(TEMPERATURE, 21.2, min(5));
                assertThat(p.anomalies).isEmpty();
                p.sensor(TEMPERATURE, 85.0, min(10));
                assertThat(p.anomalies).singleElement().satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: outside what the quantity can be");
                    assertThat(d.devices()).contains(SENSOR);
                    assertThat(d.reason()).contains("85.0").contains("-10.0 to 50.0 degC");
                });
            }
        }

        @Test
        void anImpossibleValueIsNotLearnedSoTheNextGoodOneIsNoJump() {
            try (Pack p = new Pack(T0)) {
                p.sensor(CO2, 600, T0).sensor(CO2, 0, min(1)).sensor(CO2, 610, min(2));
                assertThat(p.rules()).containsExactly("anomaly: outside what the quantity can be");
            }
        }

        @Test
        void theSameFaultIsRaisedOncePerCooldownNotOnEveryReading() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 5 * 60; m += 5) {
                    p.sensor(TEMPERATURE, -40.0, min(m));
                }
                assertThat(p.anomalies).hasSize(1);
                p.sensor(TEMPERATURE, -40.0, min(6 * 60 + 5));
                assertThat(p.anomalies).hasSize(2);
            }
        }

        @Test
        void aBatchOfFaultyReadingsRaisesOnceNotOncePerReading() {
            try (Pack p = new Pack(T0)) {
                // the runtime fires once per batch, and shows the rules its Anomaly facts only after the round
                for (int s = 0; s < 5; s++) {
                    p.tester.reading(Reading.of(SENSOR, "Sensor", LIVING, CO2, 0, T0.plusSeconds(s)));
                }
                p.fire();
                assertThat(p.anomalies).hasSize(1);
            }
        }
    }

    @Nested
    class ImpossibleJump {
        @Test
        void sixDegreesInAMinuteIsRaised() {
            try (Pack p = new Pack(T0)) {
                p.sensor(TEMPERATURE, 21.0, T0).sensor(TEMPERATURE, 27.0, min(1));
                assertThat(p.anomalies).singleElement().satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: impossible jump");
                    assertThat(d.reason()).contains("from 21.0 to 27.0").contains("in 1.0 min");
                });
            }
        }

        @Test
        void warmingUpAfterHeatingStartsOrAfterASilenceIsNot() {
            try (Pack p = new Pack(T0)) {
                // two degrees over ten minutes: a heater doing its job
                for (int m = 0; m <= 10; m++) {
                    p.sensor(TEMPERATURE, 19.0 + 0.2 * m, min(m));
                }
                // five degrees after two silent hours: the sun came out while the sensor slept
                p.sensor(TEMPERATURE, 26.0, min(130));
                assertThat(p.anomalies).isEmpty();
            }
        }

        @Test
        void readingsOfOneBatchAreJudgedInTimeOrderAndLateOnesAreDropped() {
            try (Pack p = new Pack(T0)) {
                p.sensor(TEMPERATURE, 21.0, T0);
                // both arrive before the rules fire, the later one first: 21 -> 23 -> 25 is two possible steps,
                // 21 -> 25 in two minutes would not be
                p.tester.reading(Reading.of(SENSOR, "Sensor", LIVING, TEMPERATURE, 25.0, min(2)));
                p.tester.reading(Reading.of(SENSOR, "Sensor", LIVING, TEMPERATURE, 23.0, min(1)));
                p.fire();
                p.sensor(TEMPERATURE, 25.2, min(3));
                // a late reading is dropped: learned as the latest, 35 -> 25.3 would look like a jump
                p.tester.reading(Reading.of(SENSOR, "Sensor", LIVING, TEMPERATURE, 35.0, min(2).plusSeconds(30)));
                p.fire();
                p.sensor(TEMPERATURE, 25.3, min(4));
                assertThat(p.anomalies).isEmpty();
            }
        }
    }

    @Nested
    class Stuck {
        @Test
        void aSensorThatStaysPutWhileTheThermostatBesideItWarmsIsStuck() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 4 * 60; m += 5) {
                    p.thermostat(19.0 + 0.5 * m / 60.0, min(m).plusSeconds(30));
                    p.sensor(TEMPERATURE, 20.5, min(m).plusSeconds(60));
                }
                assertThat(p.anomalies).isNotEmpty().allSatisfy(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: stuck while a neighbour moves");
                    assertThat(d.devices()).first().isEqualTo(SENSOR);
                    assertThat(d.reason()).contains("20.5").contains(THERMOSTAT);
                });
                assertThat(p.anomalies).hasSize(1);
            }
        }

        @Test
        void aQuietRoomAtNightWhereEveryoneIsFlatIsNot() {
            try (Pack p = new Pack(local(0))) {
                for (int m = 0; m <= 6 * 60; m += 5) {
                    Instant at = local(0).plus(Duration.ofMinutes(m));
                    // the thermostat dithers by one digit, which is rounding, not the room moving
                    p.thermostat(m % 10 == 0 ? 19.1 : 19.2, at.plusSeconds(30));
                    p.sensor(TEMPERATURE, 19.4, at.plusSeconds(60));
                }
                assertThat(p.anomalies).isEmpty();
            }
        }

        @Test
        void aTemperatureExactlyTheSameForADayIsStuckEvenWithoutNeighbours() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 25 * 60; m += 10) {
                    p.read(EXTRA, "Sensor", "", TEMPERATURE, 18.3, min(m));
                }
                assertThat(p.anomalies).singleElement().satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: stuck for a long time");
                    assertThat(d.reason()).contains("18.3").contains("24.0 h");
                });
            }
        }

        @Test
        void co2AtOutdoorAirInAnEmptyRoomIsFlatByNature() {
            try (Pack p = new Pack(T0)) {
                p.tester.room(new Room(LIVING, "Living room", "", "", false, T0.toEpochMilli()));
                for (int m = 0; m <= 48 * 60; m += 5) {
                    p.sensor(CO2, 421, min(m));
                }
                assertThat(p.anomalies).isEmpty();
            }
        }
    }

    @Nested
    class DisagreesWithTheRoom {
        @Test
        void theOddOneOutOfThreeIsRaisedAndTheTwoThatAgreeAreNot() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 2 * 60; m += 5) {
                    double room = 21.0 + 0.01 * m;
                    p.thermostat(room, min(m).plusSeconds(10));
                    p.read(EXTRA, "Sensor", LIVING, TEMPERATURE, room + 0.3, min(m).plusSeconds(20));
                    p.sensor(TEMPERATURE, room + 4.5, min(m).plusSeconds(30));
                }
                assertThat(p.anomalies).singleElement().satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: disagrees with the room");
                    assertThat(d.devices()).first().isEqualTo(SENSOR);
                    assertThat(d.reason()).contains("agree within 2.5");
                });
            }
        }

        @Test
        void ofTwoTheOneThatDriftsAwayFromItsOwnUsualLevelIsRaisedNotItsPartner() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 30 * 60; m += 5) {
                    double room = 20.0 + 1.5 * Math.sin(2 * Math.PI * m / (24 * 60));
                    // after a day of agreeing, the climate sensor reads four degrees high (knocked onto the radiator)
                    double drift = m >= 24 * 60 ? 4.0 : 0.0;
                    p.thermostat(room, min(m).plusSeconds(10));
                    p.sensor(TEMPERATURE, room + 0.2 + drift, min(m).plusSeconds(30));
                }
                assertThat(p.anomalies).isNotEmpty().allSatisfy(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: disagrees with the room");
                    assertThat(d.devices()).first().isEqualTo(SENSOR);
                });
                assertThat(p.anomalies).hasSize(1);
            }
        }

        @Test
        void sensorsThatAgreeWithinTheirCalibrationAreQuiet() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 3 * 60; m += 5) {
                    double room = 20.0 + Math.sin(m / 30.0);
                    p.thermostat(room, min(m).plusSeconds(10));
                    p.sensor(TEMPERATURE, room + 0.8, min(m).plusSeconds(30));
                }
                assertThat(p.anomalies).isEmpty();
            }
        }

        @Test
        void aHeaterWarmingOneSensorFirstForAFewMinutesIsNotADisagreement() {
            try (Pack p = new Pack(T0)) {
                for (int m = 0; m <= 3 * 60; m += 5) {
                    // the sensor by the radiator runs 4 degrees ahead for ten minutes, then the room catches up
                    double ahead = m >= 90 && m < 100 ? 4.0 : 0.0;
                    p.thermostat(20.0, min(m).plusSeconds(10));
                    p.sensor(TEMPERATURE, 20.2 + ahead, min(m).plusSeconds(30));
                }
                assertThat(p.anomalies).isEmpty();
            }
        }
    }

    @Nested
    class RisingInAnEmptyRoom {
        private void co2Rises(Pack p, Instant from) {
            for (int m = 0; m <= 3 * 60; m += 5) {
                double ppm = m < 120 ? 430 : 430 + 5.0 * (m - 120);
                p.sensor(CO2, ppm, from.plus(Duration.ofMinutes(m)));
            }
        }

        @Test
        void co2ClimbingByDayWithNobodyThereIsRaised() {
            try (Pack p = new Pack(local(11))) {
                p.tester.room(new Room(LIVING, "Living room", "", "", false, local(9).toEpochMilli()));
                co2Rises(p, local(11));
                assertThat(p.anomalies).singleElement().satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("anomaly: rising in an empty room");
                    assertThat(d.reason()).contains("Living room has been empty");
                });
            }
        }

        @Test
        void atNightSleepersMayNotMoveEnoughForTheMotionSensor() {
            try (Pack p = new Pack(local(0))) {
                p.tester.room(new Room(LIVING, "Living room", "", "", false, local(0).toEpochMilli()));
                co2Rises(p, local(0).plus(Duration.ofMinutes(30)));
                assertThat(p.anomalies).isEmpty();
            }
        }

        @Test
        void withPeopleInTheRoomItIsWhatTheyBreatheOut() {
            try (Pack p = new Pack(local(11))) {
                p.tester.room(new Room(LIVING, "Living room", "", "", true, local(9).toEpochMilli()));
                co2Rises(p, local(11));
                assertThat(p.anomalies).isEmpty();
            }
        }
    }

    @Nested
    class LearnedFromTheSeriesItself {
        /** A daily swing of +-5 around 80 with a little noise, every five minutes: the usual life of a machine. */
        private static double normal(int i, Random noise) {
            return 80 + 5 * Math.sin(2 * Math.PI * i / 288.0) + 0.05 * noise.nextGaussian();
        }

        private static Instant at(int i) {
            return T0.plus(Duration.ofMinutes(5L * i));
        }

        @Test
        void threeDaysOfItsUsualLifeRaiseNothing() {
            try (Pack p = new Pack(T0)) {
                Random noise = new Random(1);
                for (int i = 0; i < 3 * 288; i++) {
                    p.series(normal(i, noise), at(i));
                }
                assertThat(p.anomalies).isEmpty();
            }
        }

        @Test
        void aDropFarBelowItsBandIsRaised() {
            try (Pack p = new Pack(T0)) {
                Random noise = new Random(2);
                int i = 0;
                for (; i < 2 * 288; i++) {
                    p.series(normal(i, noise), at(i));
                }
                // sliding down by half a degree per reading: no single step is a jump, the level is what is wrong
                for (int k = 1; k <= 60; k++, i++) {
                    p.series(normal(i, noise) - 0.5 * k, at(i));
                }
                assertThat(p.rules()).contains("anomaly: outside its learned band")
                        .doesNotContain("anomaly: jump beyond its usual steps");
                assertThat(p.anomalies).filteredOn(d -> d.rule().equals("anomaly: outside its learned band"))
                        .singleElement().satisfies(d -> assertThat(d.reason()).contains("below its usual level"));
            }
        }

        @Test
        void aStepManyTimesItsUsualStepIsRaisedWhileTheLevelIsStillInItsBand() {
            try (Pack p = new Pack(T0)) {
                Random noise = new Random(3);
                int i = 0;
                for (; i < 2 * 288; i++) {
                    p.series(normal(i, noise), at(i));
                }
                p.series(normal(i, noise) + 4, at(i));
                assertThat(p.rules()).containsExactly("anomaly: jump beyond its usual steps");
            }
        }

        @Test
        void aJumpAcrossAGapInTheDataIsNotJudged() {
            try (Pack p = new Pack(T0)) {
                Random noise = new Random(4);
                int i = 0;
                for (; i < 2 * 288; i++) {
                    p.series(normal(i, noise), at(i));
                }
                i += 36;
                p.series(normal(i, noise) + 4, at(i));
                assertThat(p.anomalies).isEmpty();
            }
        }

        @Test
        void aSeriesThatStopsMovingIsRaised() {
            try (Pack p = new Pack(T0)) {
                Random noise = new Random(5);
                int i = 0;
                for (; i < 2 * 288; i++) {
                    p.series(normal(i, noise), at(i));
                }
                double frozen = normal(i, noise);
                for (int k = 0; k < 24; k++, i++) {
                    p.series(frozen, at(i));
                }
                assertThat(p.rules()).containsExactly("anomaly: flat for longer than ever");
            }
        }

        @Test
        void aSeriesThatHoldsStillForHoursByHabitIsJudgedByItsOwnLongestStill() {
            try (Pack p = new Pack(T0)) {
                // a staircase: two hours on each step (a setpoint, a batch process), then a new level
                int i = 0;
                for (; i < 3 * 288; i++) {
                    p.series(50 + (i / 24) % 5, at(i));
                }
                assertThat(p.anomalies).isEmpty();
                // four hours on one step is not yet three times its habit; seven is
                double level = 50 + (i / 24) % 5 + 0.5;
                for (int k = 0; k < 4 * 12; k++, i++) {
                    p.series(level, at(i));
                }
                assertThat(p.anomalies).isEmpty();
                for (int k = 0; k < 3 * 12; k++, i++) {
                    p.series(level, at(i));
                }
                assertThat(p.rules()).containsExactly("anomaly: flat for longer than ever");
                assertThat(p.anomalies.get(0).reason()).contains("never stayed the same for more than 2.0 h");
            }
        }

        @Test
        void aSeriesThatNeverMovedIsFlatByNature() {
            try (Pack p = new Pack(T0)) {
                for (int i = 0; i < 3 * 288; i++) {
                    p.series(42.0, at(i));
                }
                assertThat(p.anomalies).isEmpty();
            }
        }
    }

    private static Instant min(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Instant local(int hour) {
        return LocalDateTime.of(2026, 1, 15, hour, 0).atZone(ZoneId.systemDefault()).toInstant();
    }

    private static String load() {
        try (InputStream in = AnomalyPackTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
