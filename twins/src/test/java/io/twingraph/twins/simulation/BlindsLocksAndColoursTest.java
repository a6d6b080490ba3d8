package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;

import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.Topics;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/** The devices the natural-language layer commands beyond switches: blinds, the front door lock, the colour lamp. */
class BlindsLocksAndColoursTest {
    private static final Topics TOPICS = Topics.defaults();

    private static JsonValue read(HomeSimulation sim, String thingId, String pointer) {
        return sim.state(thingId).orElseThrow().getValue(JsonPointer.of(pointer)).orElseThrow();
    }

    /** The report the device publishes for a plain command, if it accepted it. */
    private static JsonObject plain(HomeSimulation sim, String thingId, String json) {
        return sim.apply(TOPICS.command(ThingId.of(thingId)), json, "c-1").map(HomeSimulation.Outgoing::report)
                .orElse(null);
    }

    private static boolean ditto(HomeSimulation sim, String thingId, String pointer, JsonValue value) {
        DeviceCommand command = new DeviceCommand(ThingId.of(thingId), JsonPointer.of(pointer), value, "c-2");
        return sim.apply(TOPICS.dittoCommand(command.thingId()), new DittoProtocolCodec().liveCommand(command), null)
                .isPresent();
    }

    private static Map<String, JsonObject> attributesById(HomeSimulation sim) {
        return sim.things().stream().collect(Collectors.toMap(t -> t.getEntityId().orElseThrow().getName(),
                t -> (JsonObject) t.getAttributes().orElseThrow(), (a, b) -> a));
    }

    private static String text(JsonObject attributes, String key) {
        return attributes.getValue(key).map(JsonValue::asString).orElse(null);
    }

    @Test
    void theHomeHasBlindsALockAndAColourLampNamedForLanguage() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        Map<String, JsonObject> things = attributesById(sim);
        for (String room : List.of("living-room", "bedroom", "kids-room")) {
            JsonObject blind = things.get(room + "-blinds");
            assertThat(blind).as(room).isNotNull();
            assertThat(text(blind, "kind")).isEqualTo("cover");
            assertThat(text(blind, "deviceClass")).isEqualTo("blind");
            assertThat(text(blind, "class")).isEqualTo("Blind");
            assertThat(read(sim, "home1:" + room + "-blinds", "/cover")).isEqualTo(
                    JsonFactory.readFrom("{\"position\":100,\"open\":true}"));
        }
        assertThat(things.keySet().stream().filter(id -> id.endsWith("-blinds"))).hasSize(3);
        JsonObject bedroom = things.get("bedroom-blinds");
        assertThat(text(bedroom, "name")).isEqualTo("Bedroom blinds");
        assertThat(bedroom.getValue("aliases").orElseThrow().asArray()).contains(JsonValue.of("bedroom shades"),
                JsonValue.of("master bedroom blinds"));
        assertThat(text(things.get("living-room-blinds"), "protocol")).isEqualTo("ditto");

        JsonObject lock = things.get("front-door-lock");
        assertThat(text(lock, "name")).isEqualTo("Front door lock");
        assertThat(lock.getValue("aliases").orElseThrow().asArray()).contains(JsonValue.of("front lock"),
                JsonValue.of("door lock"));
        assertThat(text(lock, "kind")).isEqualTo("lock");
        assertThat(text(lock, "class")).isEqualTo("Access_Control_Equipment");
        assertThat(text(lock, "location")).endsWith("/hallway");

        assertThat(read(sim, "home1:living-room-floor-lamp", "/light/color")).isEqualTo(JsonValue.of("warm white"));
        assertThat(sim.state("home1:living-room-light").orElseThrow().getValue(JsonPointer.of("/light/color"))).isEmpty();
    }

    @Test
    void everyLightSensorThermostatAndPlugSaysWhatKindOfDeviceItIs() {
        Map<String, JsonObject> things = attributesById(SimTimes.simulation("2026-01-12T12:00"));
        Function<String, String> kind = id -> text(things.get(id), "kind");
        Function<String, String> deviceClass = id -> text(things.get(id), "deviceClass");
        things.forEach((id, attributes) -> {
            if ("Luminaire".equals(text(attributes, "class"))) {
                assertThat(kind.apply(id)).as(id).isEqualTo("light");
            }
        });
        assertThat(things.keySet().stream().filter(id -> "light".equals(kind.apply(id)))).hasSize(10);
        assertThat(kind.apply("kitchen-climate-sensor")).isEqualTo("sensor");
        assertThat(kind.apply("office-thermostat")).isEqualTo("climate");
        assertThat(kind.apply("fridge-plug")).isEqualTo("switch");
        assertThat(List.of(kind.apply("hallway-motion-sensor"), deviceClass.apply("hallway-motion-sensor")))
                .containsExactly("binary_sensor", "motion");
        assertThat(List.of(kind.apply("bedroom-window-contact"), deviceClass.apply("bedroom-window-contact")))
                .containsExactly("binary_sensor", "window");
        assertThat(List.of(kind.apply("front-door-contact"), deviceClass.apply("front-door-contact")))
                .containsExactly("binary_sensor", "door");
        assertThat(List.of(kind.apply("garage-door-contact"), deviceClass.apply("garage-door-contact")))
                .containsExactly("binary_sensor", "garage_door");
    }

    @Test
    void blindsTakeAPositionOrOpenAndCloseFullyAndReportWhetherTheyAreOpen() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        String blind = "home1:bedroom-blinds";
        assertThat(plain(sim, blind, "{\"cover\":{\"position\":30}}"))
                .isEqualTo(JsonFactory.readFrom("{\"cover\":{\"position\":30,\"open\":true}}"));
        assertThat(plain(sim, blind, "{\"cover\":{\"open\":false}}"))
                .isEqualTo(JsonFactory.readFrom("{\"cover\":{\"position\":0,\"open\":false}}"));
        assertThat(read(sim, blind, "/cover/open").asBoolean()).isFalse();
        assertThat(plain(sim, blind, "{\"cover\":{\"open\":true}}"))
                .isEqualTo(JsonFactory.readFrom("{\"cover\":{\"position\":100,\"open\":true}}"));
        assertThat(plain(sim, blind, "{\"cover\":{\"position\":0}}"))
                .isEqualTo(JsonFactory.readFrom("{\"cover\":{\"position\":0,\"open\":false}}"));

        assertThat(ditto(sim, "home1:living-room-blinds", "/features/cover/properties/position", JsonValue.of(45)))
                .isTrue();
        assertThat(read(sim, "home1:living-room-blinds", "/cover/position").asInt()).isEqualTo(45);
    }

    @Test
    void blindsIgnorePositionsOutOfRangeAndValuesOfTheWrongType() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        String blind = "home1:kids-room-blinds";
        assertThat(plain(sim, blind, "{\"cover\":{\"position\":60}}")).isNotNull();
        JsonObject before = sim.state(blind).orElseThrow();
        for (String command : List.of("{\"cover\":{\"position\":101}}", "{\"cover\":{\"position\":-1}}",
                "{\"cover\":{\"position\":\"50\"}}", "{\"cover\":{\"open\":\"yes\"}}", "{\"cover\":{\"open\":1}}",
                "{\"cover\":{\"tilt\":20}}", "{\"light\":{\"on\":true}}")) {
            assertThat(plain(sim, blind, command)).as(command).isNull();
        }
        assertThat(sim.state(blind)).contains(before);
        assertThat(ditto(sim, "home1:living-room-blinds", "/features/cover/properties/position", JsonValue.of(150)))
                .isFalse();
        assertThat(read(sim, "home1:living-room-blinds", "/cover/position").asInt()).isEqualTo(100);
    }

    @Test
    void closedBlindsKeepTheSummerSunOutOfTheLivingRoom() {
        HomeSimulation open = SimTimes.simulation("2026-06-15T10:00");
        HomeSimulation closed = SimTimes.simulation("2026-06-15T10:00");
        assertThat(ditto(closed, "home1:living-room-blinds", "/features/cover/properties/open", JsonValue.of(false)))
                .isTrue();
        RoomState shaded = closed.homes().get(0).rooms().get(Room.LIVING_ROOM);
        assertThat(shaded.daylight()).isCloseTo(0.1, within(1e-9));
        assertThat(open.homes().get(0).rooms().get(Room.LIVING_ROOM).daylight()).isEqualTo(1.0);

        open.step(Duration.ofHours(4));
        closed.step(Duration.ofHours(4));
        assertThat(shaded.climate.temperature())
                .isLessThan(open.homes().get(0).rooms().get(Room.LIVING_ROOM).climate.temperature() - 0.5);
    }

    @Test
    void theFrontDoorLockObeysLockedAndIgnoresAnythingElse() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        String lock = "home1:front-door-lock";
        assertThat(read(sim, lock, "/lock/locked").asBoolean()).isTrue();
        assertThat(plain(sim, lock, "{\"lock\":{\"locked\":false}}"))
                .isEqualTo(JsonFactory.readFrom("{\"lock\":{\"locked\":false}}"));
        assertThat(read(sim, lock, "/lock/locked").asBoolean()).isFalse();
        for (String command : List.of("{\"lock\":{\"locked\":\"yes\"}}", "{\"lock\":{\"locked\":1}}",
                "{\"lock\":{\"open\":true}}", "{\"contact\":{\"open\":true}}")) {
            assertThat(plain(sim, lock, command)).as(command).isNull();
        }
        assertThat(read(sim, lock, "/lock/locked").asBoolean()).isFalse();
        assertThat(plain(sim, lock, "{\"lock\":{\"locked\":true}}"))
                .isEqualTo(JsonFactory.readFrom("{\"lock\":{\"locked\":true}}"));
        // a plain device listens on its plain command topic only
        assertThat(ditto(sim, lock, "/features/lock/properties/locked", JsonValue.of(false))).isFalse();
        assertThat(read(sim, lock, "/lock/locked").asBoolean()).isTrue();
    }

    @Test
    void theFrontDoorIsUnlockedWhenItOpensAndLockedAgainLater() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T00:00");
        int openSamples = 0;
        int openAndLocked = 0;
        int relocked = 0;
        boolean wasLocked = true;
        for (int i = 0; i < 3 * 24 * 60; i++) {
            sim.step(Duration.ofMinutes(1));
            boolean open = read(sim, "home1:front-door-contact", "/contact/open").asBoolean();
            boolean locked = read(sim, "home1:front-door-lock", "/lock/locked").asBoolean();
            openSamples += open ? 1 : 0;
            openAndLocked += open && locked ? 1 : 0;
            relocked += locked && !wasLocked ? 1 : 0;
            wasLocked = locked;
        }
        assertThat(openSamples).isPositive();
        assertThat(openAndLocked).isZero();
        assertThat(relocked).isPositive();
    }

    @Test
    void theFloorLampTakesColourNamesAndHexAndSwitchesOnForThem() {
        HomeSimulation sim = SimTimes.simulation("2026-01-12T12:00");
        String lamp = "home1:living-room-floor-lamp";
        assertThat(ditto(sim, lamp, "/features/light/properties/on", JsonValue.of(false))).isTrue();
        assertThat(ditto(sim, lamp, "/features/light/properties/color", JsonValue.of("Red"))).isTrue();
        assertThat(read(sim, lamp, "/light/color")).isEqualTo(JsonValue.of("red"));
        assertThat(read(sim, lamp, "/light/on").asBoolean()).isTrue();
        assertThat(ditto(sim, lamp, "/features/light/properties/color", JsonValue.of("#FF8800"))).isTrue();
        assertThat(read(sim, lamp, "/light/color")).isEqualTo(JsonValue.of("#ff8800"));

        JsonObject before = sim.state(lamp).orElseThrow();
        for (JsonValue wrong : List.of(JsonValue.of("ultraviolet"), JsonValue.of("#12345"), JsonValue.of(""),
                JsonValue.of(42), JsonValue.of(true))) {
            assertThat(ditto(sim, lamp, "/features/light/properties/color", wrong)).as(wrong.toString()).isFalse();
        }
        assertThat(sim.state(lamp)).contains(before);

        JsonObject kitchen = sim.state("home1:kitchen-light").orElseThrow();
        assertThat(plain(sim, "home1:kitchen-light", "{\"light\":{\"color\":\"red\"}}")).isNull();
        assertThat(sim.state("home1:kitchen-light")).contains(kitchen);
    }
}
