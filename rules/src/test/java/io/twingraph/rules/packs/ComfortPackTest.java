package io.twingraph.rules.packs;

import static io.twingraph.rules.packs.Homes.KITCHEN;
import static io.twingraph.rules.packs.Homes.device;
import static io.twingraph.rules.packs.Homes.room;
import static io.twingraph.rules.packs.Homes.weather;
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
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.rules.DefaultPacks;

class ComfortPackTest {
    private static final Instant EVENING = Instant.parse("2026-01-15T18:30:00Z");
    private final RuleTester rules = RuleTester.of(DefaultPacks.drl("comfort"), EVENING);

    @AfterEach
    void close() {
        rules.close();
    }

    private static Device light(boolean on, long revision) {
        return device("Kitchen light", "Luminaire", KITCHEN, Map.of("light/on", on, "light/brightness", on ? 80 : 0), revision);
    }

    private static Device thermostat(double setpoint, long revision) {
        return device("Kitchen thermostat", "Thermostat", KITCHEN,
                Map.of("thermostat/setpoint", setpoint, "thermostat/temperature", 19.0, "thermostat/heating", false), revision);
    }

    private static List<String> commands(List<Decision> decisions) {
        return decisions.stream().filter(d -> d.kind() == Decision.Kind.COMMAND)
                .map(d -> d.command().thingId() + " " + d.command().path() + "=" + d.command().value()).toList();
    }

    @Test
    void theLightGoesOnWhenSomeoneEntersADarkRoomOnce() {
        rules.device(weather(0)).device(light(false, 1)).room(room(KITCHEN, false, 0));
        assertThat(rules.fire()).isEmpty();

        rules.room(room(KITCHEN, true, EVENING.toEpochMilli()));
        List<Decision> fired = rules.fire();
        assertThat(commands(fired)).containsExactly("home1:kitchen-light /features/light/properties/on=true");
        assertThat(fired.get(0).reason()).isEqualTo("someone came into the Kitchen and it is dark outside");

        // someone switches it off by hand while still there: the rule does not fight them
        rules.device(light(false, 3)).device(weather(0));
        assertThat(rules.fire()).isEmpty();
    }

    @Test
    void inDaylightEnteringARoomLeavesTheLightAloneEvenAfterSunset() {
        rules.device(weather(400)).device(light(false, 1)).room(room(KITCHEN, true, EVENING.toEpochMilli()));
        assertThat(rules.fire()).isEmpty();
        rules.device(weather(10));
        assertThat(rules.fire()).isEmpty();
    }

    @Test
    void lightsGoOffAfterTenMinutesOfAnEmptyRoomAndNotBefore() {
        rules.device(weather(500)).device(light(true, 1)).room(room(KITCHEN, false, EVENING.toEpochMilli()));
        // Drools evaluates lazily, at fire time: the countdown starts when the runtime fires, right after the change
        assertThat(rules.fire()).isEmpty();
        rules.advanceTo(EVENING.plus(Duration.ofMinutes(9)));
        assertThat(rules.fire()).isEmpty();

        rules.advanceTo(EVENING.plus(Duration.ofMinutes(10).plusSeconds(1)));
        List<Decision> fired = rules.fire();
        assertThat(commands(fired)).containsExactly("home1:kitchen-light /features/light/properties/on=false");
        assertThat(fired.get(0).reason()).isEqualTo("no one has been in the Kitchen for 10 minutes");
    }

    @Test
    void someoneComingBackStopsTheCountdown() {
        rules.device(weather(500)).device(light(true, 1)).room(room(KITCHEN, false, EVENING.toEpochMilli()));
        rules.fire();
        rules.advanceTo(EVENING.plus(Duration.ofMinutes(5)));
        rules.room(room(KITCHEN, true, EVENING.plus(Duration.ofMinutes(5)).toEpochMilli()));
        rules.fire();
        rules.advanceTo(EVENING.plus(Duration.ofMinutes(30)));
        assertThat(commands(rules.fire())).isEmpty();
    }

    @Test
    void heatingPursuesATemperatureGoalWhileTheRoomIsOccupiedAndSetsBackWhenEmpty() {
        rules.device(thermostat(18.0, 1)).room(room(KITCHEN, true, 0))
                .goal(new Goal("office-21", KITCHEN, "temperature", 21.0, Goal.OCCUPIED, "test"));
        List<Decision> fired = rules.fire();
        assertThat(commands(fired)).containsExactly("home1:kitchen-thermostat /features/thermostat/properties/setpoint=21");
        assertThat(fired.get(0).reason()).isEqualTo("goal office-21: 21.0 degC in the Kitchen while occupied");

        // the thermostat reports again before it took the setpoint: no second command
        rules.device(thermostat(18.0, 2));
        assertThat(rules.fire()).isEmpty();

        rules.device(thermostat(21.0, 3));
        rules.fire();
        rules.room(room(KITCHEN, false, EVENING.toEpochMilli()));
        assertThat(commands(rules.fire()))
                .containsExactly("home1:kitchen-thermostat /features/thermostat/properties/setpoint=18");
    }

    @Test
    void aGoalAlreadyMetSendsNothing() {
        rules.device(thermostat(21.0, 1)).room(room(KITCHEN, true, 0))
                .goal(new Goal("g", KITCHEN, "temperature", 21.0, Goal.ALWAYS, "test"));
        assertThat(rules.fire()).isEmpty();
    }
}
