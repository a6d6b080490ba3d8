package io.twingraph.rules.packs;

import static io.twingraph.rules.packs.Homes.HALL;
import static io.twingraph.rules.packs.Homes.KITCHEN;
import static io.twingraph.rules.packs.Homes.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.rules.DefaultPacks;

class SafetyPackTest {
    private static final Instant T0 = Instant.parse("2026-01-15T08:00:00Z");
    private final RuleTester rules = RuleTester.of(DefaultPacks.drl("safety"), T0);

    @AfterEach
    void close() {
        rules.close();
    }

    private static List<String> alerts(List<Decision> decisions) {
        return decisions.stream().filter(d -> d.kind() == Decision.Kind.ALERT).map(d -> d.severity() + ": " + d.reason())
                .toList();
    }

    private static Device window(boolean open, long rev) {
        return device("Kitchen window", "Sensor", KITCHEN, Map.of("contact/open", open), rev);
    }

    private static Device thermostat(boolean heating, long rev) {
        return device("Kitchen thermostat", "Thermostat", KITCHEN, Map.of("thermostat/heating", heating), rev);
    }

    @Test
    void aWindowOpenWhileTheRoomIsHeatedRaisesOneAlertUntilItIsClosed() {
        rules.device(window(true, 1)).device(thermostat(false, 1));
        assertThat(rules.fire()).isEmpty();

        rules.device(thermostat(true, 2));
        assertThat(alerts(rules.fire())).containsExactly("warning: Kitchen window is open while the Kitchen thermostat is heating");
        rules.device(thermostat(true, 3));
        assertThat(rules.fire()).isEmpty();

        rules.device(window(false, 2));
        rules.fire();
        rules.device(window(true, 3));
        assertThat(alerts(rules.fire())).hasSize(1);
    }

    @Test
    void aWaterLeakIsCriticalAndClosesTheValveInTheRoom() {
        Device valve = device("Kitchen water valve", "Valve", KITCHEN, Map.of("valve/open", true), 1);
        Device leak = device("Sink leak sensor", "Sensor", KITCHEN, Map.of("leak/detected", true), 1);
        rules.device(valve).device(leak);

        List<Decision> fired = rules.fire();
        assertThat(alerts(fired)).containsExactly("critical: water leak detected by Sink leak sensor in the Kitchen");
        assertThat(fired).filteredOn(d -> d.kind() == Decision.Kind.COMMAND).singleElement().satisfies(d -> {
            assertThat(d.command().thingId()).isEqualTo("home1:kitchen-water-valve");
            assertThat(d.command().value()).isEqualTo("false");
        });
    }

    @Test
    void aDoorLeftOpenForTenMinutesRaisesAnAlertAndAShortOpeningDoesNot() {
        Device door = device("Front door", "Sensor", HALL, Map.of("contact/open", true), 1);
        Device closed = device("Front door", "Sensor", HALL, Map.of("contact/open", false), 2);
        rules.device(door).reading(door, "contact/open", true, T0);
        rules.device(closed).reading(door, "contact/open", false, T0.plus(Duration.ofMinutes(2)));
        rules.advanceTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(rules.fire()).isEmpty();

        Instant later = T0.plus(Duration.ofMinutes(20));
        rules.device(door).reading(door, "contact/open", true, later);
        rules.advanceTo(later.plus(Duration.ofMinutes(9)));
        assertThat(rules.fire()).isEmpty();
        rules.advanceTo(later.plus(Duration.ofMinutes(10).plusSeconds(1)));
        assertThat(alerts(rules.fire())).containsExactly("warning: Front door has been open for 10 minutes");
    }

    @Test
    void co2AboveTheLimitAlertsOnceWithHysteresis() {
        rules.device(co2(900, 1));
        assertThat(rules.fire()).isEmpty();
        rules.device(co2(1600, 2));
        assertThat(alerts(rules.fire())).containsExactly("warning: CO2 at 1600 ppm in the Kitchen: open a window");
        rules.device(co2(1450, 3)).fire();
        rules.device(co2(1550, 4));
        assertThat(rules.fire()).as("still above 1200 ppm: the same episode").isEmpty();
        rules.device(co2(1100, 5)).fire();
        rules.device(co2(2600, 6));
        assertThat(alerts(rules.fire())).containsExactly("critical: CO2 at 2600 ppm in the Kitchen: open a window");
    }

    @Test
    void aDeviceWithoutCo2NeverRaisesACo2AlertHoweverOftenItReports() {
        // Drools compiles constraints after some twenty evaluations; compiled ones were seen ordering NaN above numbers
        for (int rev = 1; rev <= 100; rev++) {
            rules.device(device("Hall light", "Luminaire", HALL, Map.of("light/on", rev % 2 == 0), rev));
            assertThat(rules.fire()).as("report %d", rev).isEmpty();
        }
    }

    @Test
    void smokeIsCritical() {
        rules.device(device("Hall smoke alarm", "Smoke_Detection_Alarm", HALL, Map.of("smoke/detected", true), 1));
        assertThat(alerts(rules.fire())).containsExactly("critical: smoke detected by Hall smoke alarm in the Hallway");
    }

    private static Device co2(int ppm, long rev) {
        return device("Kitchen sensor", "Sensor", KITCHEN, Map.of("environment/co2", ppm), rev);
    }
}
