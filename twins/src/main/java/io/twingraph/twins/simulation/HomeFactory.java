package io.twingraph.twins.simulation;

import static io.twingraph.twins.DeviceProtocol.DITTO;
import static io.twingraph.twins.DeviceProtocol.PLAIN;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.twins.DeviceProtocol;

/**
 * Furnishes one home: its rooms and the devices in them, with the names, aliases and Brick classes the knowledge
 * graph and natural-language commands rely on. About a quarter of the devices speak the Ditto Protocol (the
 * thermostats, the energy devices, the weather station, two lamps and the living-room blinds) so both ingestion paths
 * are exercised.
 */
final class HomeFactory {
    private final String homeId;
    private final Random random;
    private final Weather weather;
    private final Moment start;
    private final List<Device> devices = new ArrayList<>();

    private HomeFactory(String homeId, Random random, Weather weather, Moment start) {
        this.homeId = homeId;
        this.random = random;
        this.weather = weather;
        this.start = start;
    }

    static SimulatedHome build(String homeId, Random random, Weather weather, Moment start, ZoneId zone,
                               int extraDevices) {
        return new HomeFactory(homeId, random, weather, start).build(zone, extraDevices);
    }

    private SimulatedHome build(ZoneId zone, int extraDevices) {
        Map<Room, RoomState> rooms = rooms();
        List<Thermostat> thermostats = new ArrayList<>();
        rooms.values().forEach(this::addLights);
        for (RoomState room : rooms.values()) {
            if (room.room.heated()) {
                addClimateSensor(room);
            }
        }
        for (RoomState room : rooms.values()) {
            if (room.room.heated()) {
                thermostats.add(addThermostat(room));
            }
        }
        rooms.values().forEach(this::addMotionSensor);
        for (RoomState room : rooms.values()) {
            if (room.room.hasWindowContact()) {
                addWindowContact(room);
            }
        }
        for (RoomState room : rooms.values()) {
            if (room.room == Room.LIVING_ROOM || room.room.sleepingRoom()) {
                addBlinds(room);
            }
        }
        Doors doors = addDoors();
        Household.Appliances appliances = new Household.Appliances(
                new ApplianceProgram(ApplianceProgram.WASHING, random),
                new ApplianceProgram(ApplianceProgram.DISHWASHING, random), new Television(random));
        List<SmartPlug> plugs = addAppliancePlugs(appliances);
        HeatPump heatPump = addHeatPump();
        PvInverter pv = addPvInverter();
        HomeBattery battery = addBattery();
        boolean carHome = !(start.workday() && start.between(7.5, 18));
        EvCharger ev = addEvCharger(carHome);
        addWeatherStation();
        GridMeter grid = addGridMeter();
        addExtras(rooms, plugs, extraDevices);

        Household household = new Household(random, zone, rooms, doors, appliances, ev, weather, carHome,
                Noise.uniform(random, 20, 60));
        household.settle(start);
        return new SimulatedHome(homeId, weather, new SimulatedHome.Parts(rooms, household, devices, thermostats,
                heatPump, plugs, pv, battery, ev, grid));
    }

    private Map<Room, RoomState> rooms() {
        Map<Room, RoomState> rooms = new EnumMap<>(Room.class);
        for (Room room : Room.indoorRooms()) {
            double humidity = 40 + 12 * start.summerness() + random.nextGaussian() * 3;
            rooms.put(room, new RoomState(room, new RoomClimate(room, initialTemperature(room),
                    450 + random.nextDouble() * 300, humidity)));
        }
        return rooms;
    }

    /** Near where the house would have settled: the thermal model takes days to forget a cold start. */
    private double initialTemperature(Room room) {
        double freeRunning = Weather.seasonalMean(start) + 5 + random.nextGaussian() * 0.5;
        if (room.heated()) {
            return Math.max(SetpointSchedule.forRoom(room).setpoint(start) + random.nextGaussian() * 0.4, freeRunning);
        }
        return room == Room.GARAGE ? Math.max(6, weather.temperature() + 4) : Math.max(18, freeRunning);
    }

    private void addLights(RoomState room) {
        Room r = room.room;
        if (r == Room.LIVING_ROOM) {
            room.lights.add(add(new Light(info(r.slug + "-light", r.label + " light",
                    aliased(r, "light", lower(r) + " ceiling light"), "Luminaire", r, PLAIN, kind("light")))));
            // the one colour lamp: something to say "make the floor lamp red" to
            room.lights.add(add(new Light(info(r.slug + "-floor-lamp", r.label + " floor lamp",
                    List.of("floor lamp", "reading lamp", "standard lamp", "lounge floor lamp"), "Luminaire", r, DITTO,
                    kind("light")), "warm white")));
            return;
        }
        room.lights.add(add(new Light(info(r.slug + "-light", r.label + " light", aliased(r, "light", lower(r) + " lamp"),
                "Luminaire", r, r == Room.BEDROOM ? DITTO : PLAIN, kind("light")))));
    }

    private void addClimateSensor(RoomState room) {
        Room r = room.room;
        addClimateSensor(r.slug + "-climate-sensor", room, r.label + " climate sensor",
                List.of(lower(r) + " air sensor", lower(r) + " sensor"), PLAIN);
    }

    private void addClimateSensor(String id, RoomState room, String name, List<String> aliases,
                                  DeviceProtocol protocol) {
        add(new ClimateSensor(info(id, name, aliases, "saref:Sensor", room.room, protocol, kind("sensor")),
                room.climate, bias()));
    }

    private Thermostat addThermostat(RoomState room) {
        Room r = room.room;
        return add(new Thermostat(info(r.slug + "-thermostat", r.label + " thermostat",
                aliased(r, "thermostat", lower(r) + " heating"), "Thermostat", r, DITTO, kind("climate")),
                room.climate, SetpointSchedule.forRoom(r), bias(), start));
    }

    private void addMotionSensor(RoomState room) {
        Room r = room.room;
        add(new PresenceSensor(info(r.slug + "-motion-sensor", r.label + " motion sensor",
                aliased(r, "motion sensor", lower(r) + " presence sensor"), "saref:Sensor", r, PLAIN,
                kind("binary_sensor", "motion")), room));
    }

    private void addWindowContact(RoomState room) {
        Room r = room.room;
        add(new ContactSensor(info(r.slug + "-window-contact", r.label + " window",
                aliased(r, "window", lower(r) + " window contact"), "saref:Sensor", r, PLAIN,
                kind("binary_sensor", "window")), () -> room.windowOpen));
    }

    /** Motorised blinds where the sun is kept out: the living room, and bedrooms for sleeping in. */
    private void addBlinds(RoomState room) {
        Room r = room.room;
        room.blinds.add(add(new Blind(info(r.slug + "-blinds", r.label + " blinds",
                aliased(r, "blinds", lower(r) + " shades", lower(r) + " blind"), "Blind", r,
                r == Room.LIVING_ROOM ? DITTO : PLAIN, kind("cover", "blind")))));
    }

    private Doors addDoors() {
        Doors doors = new Doors();
        add(new ContactSensor(info("front-door-contact", "Front door",
                List.of("entrance door", "main door", "front door contact"), "saref:Sensor", Room.HALLWAY, PLAIN,
                kind("binary_sensor", "door")), doors::frontOpen));
        add(new ContactSensor(info("garage-door-contact", "Garage door",
                List.of("garage gate", "garage door contact"), "saref:Sensor", Room.GARAGE, PLAIN,
                kind("binary_sensor", "garage_door")), doors::garageOpen));
        // Brick has no lock class; a lock is what Brick calls access control
        add(new DoorLock(info("front-door-lock", "Front door lock", List.of("front lock", "door lock"),
                "Access_Control_Equipment", Room.HALLWAY, PLAIN, kind("lock")), doors));
        return doors;
    }

    private List<SmartPlug> addAppliancePlugs(Household.Appliances appliances) {
        List<SmartPlug> plugs = new ArrayList<>();
        plugs.add(addPlug("washing-machine-plug", "Washing machine",
                List.of("washer", "washing machine plug", "laundry"), Room.BATHROOM, appliances.washer(), PLAIN));
        plugs.add(addPlug("dishwasher-plug", "Dishwasher", List.of("dish washer", "dishwasher plug"), Room.KITCHEN,
                appliances.dishwasher(), PLAIN));
        plugs.add(addPlug("fridge-plug", "Fridge", List.of("refrigerator", "fridge freezer", "fridge plug"),
                Room.KITCHEN, new Fridge(random), PLAIN));
        plugs.add(addPlug("tv-plug", "TV", List.of("television", "telly", "TV plug"), Room.LIVING_ROOM,
                appliances.tv(), PLAIN));
        return plugs;
    }

    private SmartPlug addPlug(String id, String name, List<String> aliases, Room room, Load load,
                              DeviceProtocol protocol) {
        return add(new SmartPlug(info(id, name, aliases, "PlugStrip", room, protocol, kind("switch")), load,
                Noise.uniform(random, 10, 500)));
    }

    private HeatPump addHeatPump() {
        return add(new HeatPump(info("heat-pump", "Heat pump", List.of("air source heat pump", "heat pump unit"),
                "Packaged_Air_Source_Heat_Pump", Room.GARAGE, DITTO), Weather.seasonalMean(start)));
    }

    private PvInverter addPvInverter() {
        return add(new PvInverter(info("pv-inverter", "Solar inverter",
                List.of("PV", "solar panels", "photovoltaics", "solar"), "Photovoltaic_Inverter", Room.GARAGE, DITTO,
                JsonObject.newBuilder().set("peakPowerW", (int) PvInverter.PEAK_WATTS).build()),
                Noise.uniform(random, 2000, 9000)));
    }

    private HomeBattery addBattery() {
        return add(new HomeBattery(info("home-battery", "Home battery",
                List.of("battery", "house battery", "storage battery"), "Battery", Room.GARAGE, DITTO,
                JsonObject.newBuilder()
                        .set("capacityKwh", (int) HomeBattery.CAPACITY_KWH)
                        .set("maxPowerW", (int) HomeBattery.MAX_WATTS)
                        .build()),
                Noise.uniform(random, 30, 80)));
    }

    private EvCharger addEvCharger(boolean carHome) {
        return add(new EvCharger(info("ev-charger", "EV charger", List.of("wallbox", "car charger", "charging station"),
                "Electric_Vehicle_Charging_Station", Room.GARAGE, DITTO,
                JsonObject.newBuilder()
                        .set("maxPowerW", (int) EvCharger.MAX_WATTS)
                        .set("carCapacityKwh", (int) EvCharger.CAR_CAPACITY_KWH)
                        .build()),
                carHome, Noise.uniform(random, 30, 70)));
    }

    private void addWeatherStation() {
        add(new WeatherStation(info("weather-station", "Weather station",
                List.of("outdoor sensor", "outside thermometer"), "Weather_Station", Room.OUTDOOR, DITTO), weather));
    }

    private GridMeter addGridMeter() {
        return add(new GridMeter(info("grid-meter", "Grid meter", List.of("electricity meter", "smart meter",
                "power meter"), "Building_Electrical_Meter", Room.GARAGE, PLAIN),
                Noise.uniform(random, 3000, 20000), Noise.uniform(random, 1000, 8000)));
    }

    /**
     * Load-test padding: alternately a plug with a generic load and a climate sensor, spread over the rooms; one plug
     * and one sensor in every eight devices speak the Ditto Protocol.
     */
    private void addExtras(Map<Room, RoomState> rooms, List<SmartPlug> plugs, int count) {
        List<Room> indoor = Room.indoorRooms();
        for (int n = 1; n <= count; n++) {
            RoomState room = rooms.get(indoor.get((n - 1) % indoor.size()));
            DeviceProtocol protocol = n % 8 == 3 || n % 8 == 0 ? DITTO : PLAIN;
            if (n % 2 == 1) {
                plugs.add(addPlug("extra-plug-" + n, "Extra plug " + n, List.of("plug " + n), room.room,
                        new SteadyLoad(random, Noise.uniform(random, 20, 150)), protocol));
            } else {
                addClimateSensor("extra-sensor-" + n, room, "Extra sensor " + n, List.of("sensor " + n), protocol);
            }
        }
    }

    private <D extends Device> D add(D device) {
        devices.add(device);
        return device;
    }

    private DeviceInfo info(String name, String label, List<String> aliases, String brickClass, Room room,
                            DeviceProtocol protocol) {
        return info(name, label, aliases, brickClass, room, protocol, JsonObject.empty());
    }

    private DeviceInfo info(String name, String label, List<String> aliases, String brickClass, Room room,
                            DeviceProtocol protocol, JsonObject extra) {
        return new DeviceInfo(ThingId.of(homeId, name), label, aliases, brickClass, SiteIris.room(homeId, room),
                protocol, extra);
    }

    /**
     * What a device is, for the natural-language layer ({@code io.twingraph.nl}), which reads these attributes before
     * guessing from Brick classes and features: {@code kind} as in Home Assistant's domains ({@code light},
     * {@code cover}, {@code binary_sensor}...).
     */
    private static JsonObject kind(String kind) {
        return JsonObject.newBuilder().set("kind", kind).build();
    }

    /** {@code kind} and {@code deviceClass}, which says more of a cover or binary sensor: blind, window, motion. */
    private static JsonObject kind(String kind, String deviceClass) {
        return JsonObject.newBuilder().set("kind", kind).set("deviceClass", deviceClass).build();
    }

    /** The given aliases, then "{room alias} {what}" for each of the room's aliases ("lounge light"). */
    private static List<String> aliased(Room room, String what, String... extras) {
        List<String> aliases = new ArrayList<>(List.of(extras));
        room.aliases.forEach(a -> aliases.add(a + " " + what));
        return aliases;
    }

    private static String lower(Room room) {
        return room.label.toLowerCase(Locale.ROOT);
    }

    /** A sensor's calibration error, degC. */
    private double bias() {
        return random.nextGaussian() * 0.2;
    }
}
