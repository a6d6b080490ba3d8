package io.twingraph.nl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.parse.LocalParser;
import io.twingraph.nl.parse.Parse;

/** The local parser on a home read from a real graph: names, aliases, rooms, floors, kinds, states and values. */
class LocalParserTest {
    private static LanguageHome fixture;
    private static Home home;
    private final LocalParser parser = new LocalParser();

    @BeforeAll
    static void start() {
        fixture = new LanguageHome();
        home = fixture.homes.home();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private Interpretation parse(String text) {
        return parser.parse(text, home, null).interpretation();
    }

    @Test
    void theHomeIsReadFromTheGraphWithRoomsFloorsAndAliases() {
        assertThat(home.devices()).hasSize(12);
        assertThat(home.areas()).extracting(Area::name).contains("Kitchen", "Living room", "Bedroom");
        Area living = home.areas().stream().filter(a -> a.name().equals("Living room")).findFirst().orElseThrow();
        assertThat(living.aliases()).containsExactly("lounge");
        assertThat(living.floor().name()).isEqualTo("Ground floor");
    }

    @Test
    void aDeviceByNameOrAlias() {
        Interpretation in = parse("turn on the kitchen light");
        assertThat(in.intent()).isEqualTo(Intent.TURN_ON);
        assertThat(in.things()).containsExactly("t1:kitchen-light");
        assertThat(in.confidence()).isGreaterThanOrEqualTo(NaturalLanguage.CONFIDENCE_THRESHOLD);

        assertThat(parse("switch off the reading lamp").things()).containsExactly("t1:living-lamp");
    }

    @Test
    void aKindOfDeviceOnAFloorOrInARoomByItsAlias() {
        Interpretation upstairs = parse("turn off all the lights upstairs");
        assertThat(upstairs.intent()).isEqualTo(Intent.TURN_OFF);
        assertThat(upstairs.floor()).isEqualTo("First floor");
        assertThat(upstairs.things()).containsExactly("t1:bedroom-light");

        Interpretation lounge = parse("lights off in the lounge");
        assertThat(lounge.area()).isEqualTo("Living room");
        assertThat(lounge.things()).containsExactly("t1:living-lamp");

        Interpretation blinds = parse("close the blinds in the bedroom");
        assertThat(blinds.intent()).isEqualTo(Intent.CLOSE);
        assertThat(blinds.things()).containsExactly("t1:bedroom-blinds");
    }

    @Test
    void valuesForBrightnessColourPositionAndTemperature() {
        Interpretation dim = parse("set the kitchen light to 40%");
        assertThat(dim.intent()).isEqualTo(Intent.SET_BRIGHTNESS);
        assertThat(dim.values()).containsEntry("brightness", 40);

        Interpretation red = parse("make the floor lamp red");
        assertThat(red.intent()).isEqualTo(Intent.SET_COLOR);
        assertThat(red.values()).containsEntry("color", "red");

        Interpretation half = parse("open the bedroom blinds to 50%");
        assertThat(half.intent()).isEqualTo(Intent.SET_POSITION);
        assertThat(half.values()).containsEntry("position", 50);

        Interpretation heat = parse("set the office thermostat to 22 degrees");
        assertThat(heat.intent()).isEqualTo(Intent.SET_TEMPERATURE);
        assertThat(heat.things()).containsExactly("t1:office-thermostat");
        assertThat(heat.values()).containsEntry("temperature", 22);
    }

    @Test
    void aBareNumberIsNotABrightness() {
        assertThat(parse("start a 5 minute timer").intent()).isEqualTo(Intent.UNKNOWN);
        assertThat(parse("set the volume to 90 percent").intent()).isEqualTo(Intent.UNKNOWN);
        Interpretation room = parse("set the kitchen to 50%");
        assertThat(room.intent()).isEqualTo(Intent.SET_BRIGHTNESS);
        assertThat(room.things()).containsExactly("t1:kitchen-light");
    }

    @Test
    void lockingTheFrontDoorMeansItsLockNotItsContact() {
        Interpretation in = parse("lock the front door");
        assertThat(in.intent()).isEqualTo(Intent.LOCK);
        assertThat(in.things()).containsExactly("t1:front-door-lock");
        assertThat(parse("is the front door locked?").things()).containsExactly("t1:front-door-lock");
        assertThat(parse("is the front door open?").things()).containsExactly("t1:front-door");
    }

    @Test
    void questionsAboutStateValueListsAndCounts() {
        Interpretation door = parse("is the front door open?");
        assertThat(door.intent()).isEqualTo(Intent.GET_STATE);
        assertThat(door.things()).containsExactly("t1:front-door");

        Interpretation windows = parse("which windows are open?");
        assertThat(windows.intent()).isEqualTo(Intent.LIST);
        assertThat(windows.kind()).isEqualTo("binary_sensor");
        assertThat(windows.deviceClass()).isEqualTo("window");
        assertThat(windows.things()).containsExactlyInAnyOrder("t1:kitchen-window", "t1:bedroom-window");

        Interpretation lights = parse("how many lights are on?");
        assertThat(lights.intent()).isEqualTo(Intent.COUNT);
        assertThat(lights.state()).isEqualTo("on");
        assertThat(lights.things()).hasSize(3);

        Interpretation temperature = parse("what's the temperature in the kitchen?");
        assertThat(temperature.intent()).isEqualTo(Intent.GET_VALUE);
        assertThat(temperature.area()).isEqualTo("Kitchen");
    }

    @Test
    void aGoalForARoomWhileOccupied() {
        Interpretation in = parse("keep the office at 21 while I'm there");
        assertThat(in.intent()).isEqualTo(Intent.SET_GOAL);
        assertThat(in.area()).isEqualTo("Office");
        assertThat(in.values()).containsEntry("quantity", "temperature").containsEntry("target", 21)
                .containsEntry("when", "occupied");
    }

    @Test
    void theSpeakersRoomIsUsedWhenNoneIsSaid() {
        Area office = home.areas().stream().filter(a -> a.name().equals("Office")).findFirst().orElseThrow();
        Interpretation in = parser.parse("turn on the fan", home, office).interpretation();
        assertThat(in.things()).containsExactly("t1:office-fan");
    }

    @Test
    void wordsThatNameNothingAreNotUnderstoodAndNamed() {
        Parse p = parser.parse("flibber the quantum gizmo", home, null);
        assertThat(p.interpretation().intent() == Intent.UNKNOWN
                || p.interpretation().confidence() < NaturalLanguage.CONFIDENCE_THRESHOLD).isTrue();
        assertThat(p.unknownWords()).contains("quantum", "gizmo");
    }

    @Test
    void anIntentWithoutATargetIsBelowTheThreshold() {
        Interpretation in = parse("turn it off");
        assertThat(in.intent()).isEqualTo(Intent.TURN_OFF);
        assertThat(in.things()).isEmpty();
        assertThat(in.confidence()).isLessThan(NaturalLanguage.CONFIDENCE_THRESHOLD);
    }
}
