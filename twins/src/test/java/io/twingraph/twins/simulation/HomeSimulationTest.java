package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;

import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceProtocol;
import io.twingraph.twins.Topics;
import io.twingraph.twins.ditto.DittoProtocolCodec;

class HomeSimulationTest {
    private static final Topics TOPICS = Topics.defaults();

    private static JsonValue read(HomeSimulation sim, String thingId, String pointer) {
        return sim.state(thingId).orElseThrow().getValue(JsonPointer.of(pointer)).orElseThrow();
    }

    private static boolean plainCommand(HomeSimulation sim, String thingId, String json) {
        return sim.apply(TOPICS.command(ThingId.of(thingId)), json, "c-1").isPresent();
    }

    private static boolean dittoCommand(HomeSimulation sim, String thingId, String pointer, JsonValue value) {
        DeviceCommand command = new DeviceCommand(ThingId.of(thingId), JsonPointer.of(pointer), value, "c-2");
        return sim.apply(TOPICS.dittoCommand(command.thingId()), new DittoProtocolCodec().liveCommand(command), null)
                .isPresent();
    }

    @Test
    void everyHomeHasTheDocumentedDevicesAndExtrasScaleTheCount() {
        HomeSimulation one = new HomeSimulation(SimulationConfig.defaults(), SimTimes.at("2026-01-12T12:00"));
        assertThat(one.things()).hasSize(SimulationConfig.DEVICES_PER_HOME).hasSize(53);

        SimulationConfig big = SimulationConfig.defaults().withHomes(20).withExtraDevicesPerHome(47);
        HomeSimulation many = new HomeSimulation(big, SimTimes.at("2026-01-12T12:00"));
        assertThat(many.things()).hasSize(20 * 100).hasSize(big.deviceCount());
        assertThat(many.homeIds()).hasSize(20).contains("home1", "home20");
    }

    @Test
    void thingIdsAreUniqueAcrossHomesAndFollowTheNamingScheme() {
        HomeSimulation sim = new HomeSimulation(SimulationConfig.defaults().withHomes(3).withExtraDevicesPerHome(5),
                SimTimes.at("2026-01-12T12:00"));
        List<String> ids = sim.things().stream().map(t -> t.getEntityId().orElseThrow().toString()).toList();
        assertThat(ids).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("home[1-3]:[a-z0-9]+(-[a-z0-9]+)*"))
                .contains("home1:kitchen-light", "home2:kitchen-light", "home3:extra-plug-5", "home1:ev-charger");
    }

    @Test
    void thingsCarryTheConventionalAttributesAndSurviveADittoRoundTrip() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        for (Thing thing : sim.things()) {
            Thing parsed = ThingsModelFactory.newThing(thing.toJsonString());
            assertThat(parsed).isEqualTo(thing);
            JsonObject attributes = thing.getAttributes().orElseThrow();
            assertThat(attributes.getValue("name")).hasValueSatisfying(v -> assertThat(v.isString()).isTrue());
            assertThat(attributes.getValue("aliases")).hasValueSatisfying(v -> assertThat(v.isArray()).isTrue());
            assertThat(attributes.getValue("class").orElseThrow().asString()).matches("[A-Za-z_]+|saref:[A-Za-z]+");
            assertThat(attributes.getValue("location").orElseThrow().asString()).startsWith("https://twingraph.io/site/home1/");
            assertThat(attributes.getValue("protocol").orElseThrow().asString()).isIn("plain", "ditto");
            assertThat(thing.getFeatures().orElseThrow().getSize()).isPositive();
        }
        long ditto = sim.things().stream().filter(t -> DeviceProtocol.of(t) == DeviceProtocol.DITTO).count();
        assertThat(ditto / (double) sim.things().size()).isBetween(0.2, 0.33);
    }

    @Test
    void everyLocationIsARoomOrOutdoorAreaOfTheTopology() {
        HomeSimulation sim = new HomeSimulation(SimulationConfig.defaults().withHomes(2), SimTimes.at("2026-01-12T12:00"));
        Set<String> spaces = new HashSet<>();
        Matcher m = Pattern.compile("<([^>]+)> a brick:(Room|Outdoor_Area) ;").matcher(sim.topologyTurtle());
        while (m.find()) {
            spaces.add(m.group(1));
        }
        assertThat(spaces).hasSize(2 * 10);
        for (Thing thing : sim.things()) {
            String location = thing.getAttributes().orElseThrow().getValue("location").orElseThrow().asString();
            assertThat(spaces).as("location of %s", thing.getEntityId().orElseThrow()).contains(location);
        }
    }

    @Test
    void theSameSeedGivesTheSameHomeHoweverTimeIsSliced() {
        HomeSimulation whole = SimTimes.simulation("2026-01-12T06:00");
        HomeSimulation sliced = SimTimes.simulation("2026-01-12T06:00");
        whole.step(Duration.ofHours(26));
        Duration left = Duration.ofHours(26);
        Duration slice = Duration.ofSeconds(433);
        while (left.compareTo(slice) > 0) {
            sliced.step(slice);
            left = left.minus(slice);
        }
        sliced.step(left);

        assertThat(sliced.now()).isEqualTo(whole.now());
        assertThat(sliced.things()).isEqualTo(whole.things());
        HomeSimulation otherSeed = new HomeSimulation(SimulationConfig.defaults().withSeed(7), SimTimes.at("2026-01-12T06:00"));
        otherSeed.step(Duration.ofHours(26));
        assertThat(otherSeed.things()).isNotEqualTo(whole.things());
    }

    @Test
    void occupiedBedroomsHaveStalerAirThanEmptyOnes() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T00:00");
        RoomState bedroom = sim.homes().get(0).rooms().get(Room.BEDROOM);
        double occupied = 0;
        double empty = 0;
        int occupiedSamples = 0;
        int emptySamples = 0;
        for (int i = 0; i < 4 * 24 * 6; i++) {
            sim.step(Duration.ofMinutes(10));
            double co2 = read(sim, "home1:bedroom-climate-sensor", "/environment/co2").asDouble();
            if (bedroom.occupied) {
                occupied += co2;
                occupiedSamples++;
            } else {
                empty += co2;
                emptySamples++;
            }
        }
        assertThat(occupiedSamples).isGreaterThan(100);
        assertThat(emptySamples).isGreaterThan(100);
        assertThat(occupied / occupiedSamples).isGreaterThan(empty / emptySamples + 250);
    }

    @Test
    void theCarChargesOnlyWhenPluggedInAndCommandedAndStopsWhenFull() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T19:30");
        assertThat(LocalDateTime.ofInstant(sim.now(), SimTimes.BERLIN).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        String ev = "home1:ev-charger";
        assertThat(read(sim, ev, "/charger/plugged").asBoolean()).isTrue();
        double soc = read(sim, ev, "/charger/soc").asDouble();

        sim.step(Duration.ofHours(1));
        assertThat(read(sim, ev, "/charger/soc").asDouble()).isEqualTo(soc);
        assertThat(read(sim, ev, "/charger/power").asInt()).isZero();

        assertThat(dittoCommand(sim, ev, "/features/charger/properties/charging", JsonValue.of(true))).isTrue();
        sim.step(Duration.ofHours(1));
        assertThat(read(sim, ev, "/charger/power").asInt()).isEqualTo(11_000);
        assertThat(read(sim, ev, "/charger/soc").asDouble()).isBetween(soc + 12, soc + 20);

        sim.step(Duration.ofHours(6));
        assertThat(read(sim, ev, "/charger/soc").asDouble()).isEqualTo(100.0);
        assertThat(read(sim, ev, "/charger/charging").asBoolean()).isFalse();
        assertThat(read(sim, ev, "/charger/power").asInt()).isZero();
    }

    @Test
    void aCarThatIsAwayCannotBeToldToCharge() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T10:00");
        String ev = "home1:ev-charger";
        assertThat(read(sim, ev, "/charger/plugged").asBoolean()).isFalse();
        double soc = read(sim, ev, "/charger/soc").asDouble();

        assertThat(dittoCommand(sim, ev, "/features/charger/properties/charging", JsonValue.of(true))).isFalse();
        sim.step(Duration.ofHours(1));
        assertThat(read(sim, ev, "/charger/charging").asBoolean()).isFalse();
        assertThat(read(sim, ev, "/charger/soc").asDouble()).isEqualTo(soc);
    }

    @Test
    void theCarLeavesOnWorkdayMorningsAndComesBackInTheEvening() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T21:00");
        sim.step(Duration.ofHours(10)); // Tuesday 07:00
        assertThat(read(sim, "home1:ev-charger", "/charger/plugged").asBoolean()).isTrue();
        sim.step(Duration.ofHours(3)); // 10:00
        assertThat(read(sim, "home1:ev-charger", "/charger/plugged").asBoolean()).isFalse();
        sim.step(Duration.ofHours(11)); // 21:00: back, and plugged in nine times out of ten
        assertThat(read(sim, "home1:ev-charger", "/charger/soc").asDouble()).isBetween(20.0, 60.0);
    }

    @Test
    void aCommandedSetpointHeatsTheRoomUntilTheScheduleMovesOn() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T01:00");
        String thermostat = "home1:living-room-thermostat";
        assertThat(read(sim, thermostat, "/thermostat/setpoint").asDouble()).isEqualTo(17.0);
        double before = read(sim, thermostat, "/thermostat/temperature").asDouble();

        assertThat(dittoCommand(sim, thermostat, "/features/thermostat/properties/setpoint", JsonValue.of(24))).isTrue();
        assertThat(read(sim, thermostat, "/thermostat/heating").asBoolean()).isTrue();
        sim.step(Duration.ofHours(2));
        assertThat(read(sim, thermostat, "/thermostat/setpoint").asDouble()).isEqualTo(24.0);
        assertThat(read(sim, thermostat, "/thermostat/temperature").asDouble()).isGreaterThan(before + 1.5);
        assertThat(read(sim, "home1:heat-pump", "/heatpump/power").asInt()).isGreaterThan(100);

        sim.step(Duration.ofHours(4)); // 07:00: the comfort period of the schedule has begun
        assertThat(read(sim, thermostat, "/thermostat/setpoint").asDouble()).isEqualTo(21.0);
    }

    @Test
    void aHeatPumpSwitchedOffLeavesTheRoomsToCool() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T08:00");
        dittoCommand(sim, "home1:living-room-thermostat", "/features/thermostat/properties/setpoint", JsonValue.of(26));
        assertThat(dittoCommand(sim, "home1:heat-pump", "/features/heatpump/properties/on", JsonValue.of(false))).isTrue();
        double before = sim.homes().get(0).rooms().get(Room.LIVING_ROOM).climate.temperature();
        sim.step(Duration.ofHours(2));
        assertThat(read(sim, "home1:heat-pump", "/heatpump/power").asInt()).isLessThan(50);
        assertThat(read(sim, "home1:living-room-thermostat", "/thermostat/heating").asBoolean()).isTrue();
        assertThat(sim.homes().get(0).rooms().get(Room.LIVING_ROOM).climate.temperature()).isLessThan(before + 0.5);
    }

    @Test
    void lightsObeyPlainCommandsAndReportOnlyTheCommandedFeature() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        String light = "home1:office-light";
        HomeSimulation.Outgoing reply = sim.apply(TOPICS.command(ThingId.of(light)),
                "{\"light\":{\"on\":true,\"brightness\":35}}", "corr-9").orElseThrow();
        assertThat(reply.report()).isEqualTo(JsonFactory.readFrom("{\"light\":{\"on\":true,\"brightness\":35}}"));
        assertThat(reply.correlationId()).isEqualTo("corr-9");

        assertThat(plainCommand(sim, light, "{\"light\":{\"on\":false}}")).isTrue();
        assertThat(read(sim, light, "/light/on").asBoolean()).isFalse();
        assertThat(plainCommand(sim, light, "{\"light\":{\"brightness\":60}}")).isTrue();
        assertThat(read(sim, light, "/light/on").asBoolean()).isTrue();
    }

    @Test
    void invalidCommandsAndCommandsOnTheWrongProtocolAreIgnored() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        JsonObject lightBefore = sim.state("home1:kitchen-light").orElseThrow();
        assertThat(plainCommand(sim, "home1:kitchen-light", "{\"light\":{\"on\":\"yes\"}}")).isFalse();
        assertThat(plainCommand(sim, "home1:kitchen-light", "{\"light\":{\"colour\":\"red\"}}")).isFalse();
        assertThat(plainCommand(sim, "home1:kitchen-light", "{\"light\":{\"brightness\":250}}")).isFalse();
        assertThat(plainCommand(sim, "home1:kitchen-light", "not json")).isFalse();
        assertThat(sim.state("home1:kitchen-light")).contains(lightBefore);

        assertThat(plainCommand(sim, "home1:kitchen-climate-sensor", "{\"environment\":{\"temperature\":30}}")).isFalse();
        assertThat(plainCommand(sim, "home1:fridge-plug", "{\"meter\":{\"power\":0}}")).isFalse();
        assertThat(plainCommand(sim, "home1:nothing-here", "{\"light\":{\"on\":true}}")).isFalse();
        // a Ditto-protocol device listens on its Ditto command topic only
        assertThat(plainCommand(sim, "home1:living-room-floor-lamp", "{\"light\":{\"on\":true}}")).isFalse();
        assertThat(dittoCommand(sim, "home1:kitchen-light", "/features/light/properties/on", JsonValue.of(true))).isFalse();
    }

    @Test
    void plugsSwitchOffTheirApplianceAndTheBatteryTakesModes() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        assertThat(plainCommand(sim, "home1:fridge-plug", "{\"switch\":{\"on\":false}}")).isTrue();
        sim.step(Duration.ofHours(1));
        assertThat(read(sim, "home1:fridge-plug", "/meter/power").asDouble()).isZero();

        assertThat(dittoCommand(sim, "home1:home-battery", "/features/battery/properties/mode", JsonValue.of("charge"))).isTrue();
        sim.step(Duration.ofMinutes(10));
        assertThat(read(sim, "home1:home-battery", "/battery/power").asInt()).isEqualTo(5000);
        assertThat(dittoCommand(sim, "home1:home-battery", "/features/battery/properties/mode", JsonValue.of("turbo"))).isFalse();
    }

    @Test
    void peopleSwitchLightsOnInTheDarkAndForgetSomeOfThem() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T00:00");
        SimulatedHome home = sim.homes().get(0);
        int litWhileOccupiedAtNight = 0;
        int occupiedAtNight = 0;
        int litWhileEmpty = 0;
        for (int i = 0; i < 7 * 24 * 6; i++) {
            sim.step(Duration.ofMinutes(10));
            boolean dark = sim.weather().irradiance() < 5;
            for (Map.Entry<Room, RoomState> room : home.rooms().entrySet()) {
                RoomState state = room.getValue();
                if (dark && state.occupied && !room.getKey().sleepingRoom()) {
                    occupiedAtNight++;
                    litWhileOccupiedAtNight += state.anyLightOn() ? 1 : 0;
                }
                litWhileEmpty += !state.occupied && state.anyLightOn() ? 1 : 0;
            }
        }
        assertThat(litWhileOccupiedAtNight).isGreaterThan(occupiedAtNight * 8 / 10);
        assertThat(litWhileEmpty).isPositive();
    }

    @Test
    void theBatteryStoresPvSurplusInSummerAndTheGridMeterBalances() {
        HomeSimulation sim = SimTimes.simulation("2026-06-15T06:00");
        SimulatedHome home = sim.homes().get(0);
        double charged = 0;
        for (int i = 0; i < 6 * 6; i++) {
            sim.step(Duration.ofMinutes(10));
            charged = Math.max(charged, home.battery().watts());
            double soc = home.battery().soc();
            assertThat(soc).isBetween(HomeBattery.MIN_SOC, HomeBattery.MAX_SOC);
        }
        assertThat(charged).isPositive();
    }
}
