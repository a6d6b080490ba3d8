package io.twingraph.twins.simulation;

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
 * thermostats, the energy devices and two lamps) so both ingestion paths are exercised.
 */
final class HomeFactory {
    private final String homeId;
    private final Random random;
    private final Weather weather;
    private final Moment start;
    private final int extraDevices;
    private final List<Device> devices = new ArrayList<>();

    private HomeFactory(String homeId, Random random, Weather weather, Moment start, int extraDevices) {
        this.homeId = homeId;
        this.random = random;
        this.weather = weather;
        this.start = start;
        this.extraDevices = extraDevices;
    }

    static SimulatedHome build(String homeId, Random random, Weather weather, Moment start, java.time.ZoneId zone,
                               int extraDevices) {
        return new HomeFactory(homeId, random, weather, start, extraDevices).build(zone);
    }

    private SimulatedHome build(java.time.ZoneId zone) {
        Map<Room, RoomState> rooms = rooms();
        rooms.values().forEach(this::addLights);
        List<Thermostat> thermostats = new ArrayList<>();
        for (RoomState room : rooms.values()) {
            if (room.room.heated()) {
                addClimateSensor(room.room.slug + "-climate-sensor", room, label(room.room) + " climate sensor",
                        List.of(lower(room.room) + " air sensor", lower(room.room) + " sensor"), plain());
            }
        }
        for (RoomState room : rooms.values()) {
            if (room.room.heated()) {
                Thermostat thermostat = new Thermostat(info(room.room.slug + "-thermostat", label(room.room) + " thermostat",
                        aliased(room.room, "thermostat", lower(room.room) + " heating"), "Thermostat", room.room, ditto()),
                        room.climate, SetpointSchedule.forRoom(room.room), bias(), start);
                thermostats.add(add(thermostat));
            }
        }
        for (RoomState room : rooms.values()) {
            add(new PresenceSensor(info(room.room.slug + "-motion-sensor", label(room.room) + " motion sensor",
                    aliased(room.room, "motion sensor", lower(room.room) + " presence sensor"), "saref:Sensor",
                    room.room, plain()), room));
        }
        for (RoomState room : rooms.values()) {
            if (room.room.hasWindowContact()) {
                add(new ContactSensor(info(room.room.slug + "-window-contact", label(room.room) + " window",
                        aliased(room.room, "window", lower(room.room) + " window contact"), "saref:Sensor", room.room,
                        plain()), () -> room.windowOpen));
            }
        }
        Doors doors = new Doors();
        add(new ContactSensor(info("front-door-contact", "Front door", List.of("entrance door", "main door",
                "front door contact"), "saref:Sensor", Room.HALLWAY, plain()), doors::frontOpen));
        add(new ContactSensor(info("garage-door-contact", "Garage door", List.of("garage gate", "garage door contact"),
                "saref:Sensor", Room.GARAGE, plain()), doors::garageOpen));

        ApplianceProgram washer = new ApplianceProgram(ApplianceProgram.WASHING, random);
        ApplianceProgram dishwasher = new ApplianceProgram(ApplianceProgram.DISHWASHING, random);
        Television tv = new Television(random);
        List<SmartPlug> plugs = new ArrayList<>();
        plugs.add(plug("washing-machine-plug", "Washing machine", List.of("washer", "washing machine plug", "laundry"),
                Room.BATHROOM, washer, plain()));
        plugs.add(plug("dishwasher-plug", "Dishwasher", List.of("dish washer", "dishwasher plug"), Room.KITCHEN,
                dishwasher, plain()));
        plugs.add(plug("fridge-plug", "Fridge", List.of("refrigerator", "fridge freezer", "fridge plug"), Room.KITCHEN,
                new Fridge(random), plain()));
        plugs.add(plug("tv-plug", "TV", List.of("television", "telly", "TV plug"), Room.LIVING_ROOM, tv, plain()));

        HeatPump heatPump = add(new HeatPump(info("heat-pump", "Heat pump", List.of("air source heat pump",
                "heat pump unit"), "Packaged_Air_Source_Heat_Pump", Room.GARAGE, ditto()), Weather.seasonalMean(start)));
        PvInverter pv = add(new PvInverter(info("pv-inverter", "Solar inverter", List.of("PV", "solar panels",
                "photovoltaics", "solar"), "Photovoltaic_Inverter", Room.GARAGE, ditto(),
                JsonObject.newBuilder().set("peakPowerW", (int) PvInverter.PEAK_WATTS).build()),
                Noise.uniform(random, 2000, 9000)));
        HomeBattery battery = add(new HomeBattery(info("home-battery", "Home battery", List.of("battery",
                "house battery", "storage battery"), "Battery", Room.GARAGE, ditto(), JsonObject.newBuilder()
                .set("capacityKwh", (int) HomeBattery.CAPACITY_KWH)
                .set("maxPowerW", (int) HomeBattery.MAX_WATTS).build()), Noise.uniform(random, 30, 80)));
        boolean carHome = !(start.workday() && start.between(7.5, 18));
        EvCharger ev = add(new EvCharger(info("ev-charger", "EV charger", List.of("wallbox", "car charger",
                "charging station"), "Electric_Vehicle_Charging_Station", Room.GARAGE, ditto(),
                JsonObject.newBuilder()
                        .set("maxPowerW", (int) EvCharger.MAX_WATTS)
                        .set("carCapacityKwh", (int) EvCharger.CAR_CAPACITY_KWH).build()),
                carHome, Noise.uniform(random, 30, 70)));
        add(new WeatherStation(info("weather-station", "Weather station", List.of("outdoor sensor",
                "outside thermometer"), "Weather_Station", Room.OUTDOOR, ditto()), weather));
        GridMeter grid = add(new GridMeter(info("grid-meter", "Grid meter", List.of("electricity meter", "smart meter",
                "power meter"), "Building_Electrical_Meter", Room.GARAGE, plain()),
                Noise.uniform(random, 3000, 20000), Noise.uniform(random, 1000, 8000)));
        addExtras(rooms, plugs);

        Household household = new Household(random, zone, rooms, doors,
                new Household.Appliances(washer, dishwasher, tv), ev, weather, carHome, Noise.uniform(random, 20, 60));
        household.settle(start);
        return new SimulatedHome(homeId, weather, new SimulatedHome.Parts(rooms, household, devices, thermostats,
                heatPump, plugs, pv, battery, ev, grid));
    }

    private Map<Room, RoomState> rooms() {
        Map<Room, RoomState> rooms = new EnumMap<>(Room.class);
        double outside = weather.temperature();
        for (Room room : Room.indoorRooms()) {
            double temperature;
            // start near where the house would have settled, not cold: the thermal model needs days to forget
            double freeRunning = Weather.seasonalMean(start) + 5 + random.nextGaussian() * 0.5;
            if (room.heated()) {
                temperature = Math.max(SetpointSchedule.forRoom(room).setpoint(start) + random.nextGaussian() * 0.4,
                        freeRunning);
            } else {
                temperature = room == Room.GARAGE ? Math.max(6, outside + 4) : Math.max(18, freeRunning);
            }
            double humidity = 40 + 12 * start.summerness() + random.nextGaussian() * 3;
            rooms.put(room, new RoomState(room, new RoomClimate(room, temperature, 450 + random.nextDouble() * 300,
                    humidity)));
        }
        return rooms;
    }

    private void addLights(RoomState room) {
        Room r = room.room;
        if (r == Room.LIVING_ROOM) {
            room.lights.add(add(new Light(info(r.slug + "-light", label(r) + " light",
                    aliased(r, "light", lower(r) + " ceiling light"), "Luminaire", r, plain()))));
            room.lights.add(add(new Light(info(r.slug + "-floor-lamp", label(r) + " floor lamp",
                    List.of("reading lamp", "standard lamp", "lounge floor lamp"), "Luminaire", r, ditto()))));
            return;
        }
        DeviceProtocol protocol = r == Room.BEDROOM ? ditto() : plain();
        room.lights.add(add(new Light(info(r.slug + "-light", label(r) + " light",
                aliased(r, "light", lower(r) + " lamp"), "Luminaire", r, protocol))));
    }

    private SmartPlug plug(String id, String name, List<String> aliases, Room room, Load load, DeviceProtocol protocol) {
        return add(new SmartPlug(info(id, name, aliases, "PlugStrip", room, protocol), load,
                Noise.uniform(random, 10, 500)));
    }

    private void addClimateSensor(String id, RoomState room, String name, List<String> aliases,
                                  DeviceProtocol protocol) {
        add(new ClimateSensor(info(id, name, aliases, "saref:Sensor", room.room, protocol), room.climate, bias()));
    }

    /** Load-test padding: alternately a plug with a generic load and a climate sensor, spread over the rooms. */
    private void addExtras(Map<Room, RoomState> rooms, List<SmartPlug> plugs) {
        List<Room> indoor = Room.indoorRooms();
        for (int n = 1; n <= extraDevices; n++) {
            RoomState room = rooms.get(indoor.get((n - 1) % indoor.size()));
            DeviceProtocol protocol = n % 4 == 0 ? DeviceProtocol.DITTO : DeviceProtocol.PLAIN;
            if (n % 2 == 1) {
                plugs.add(plug("extra-plug-" + n, "Extra plug " + n, List.of("plug " + n), room.room,
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

    /** "{alias} {what}" for each of the room's aliases, after the given extras. */
    private static List<String> aliased(Room room, String what, String... extras) {
        List<String> aliases = new ArrayList<>(List.of(extras));
        room.aliases.forEach(a -> aliases.add(a + " " + what));
        return aliases;
    }

    private static String label(Room room) {
        return room.label;
    }

    private static String lower(Room room) {
        return room.label.toLowerCase(Locale.ROOT);
    }

    /** A sensor's calibration error, degC. */
    private double bias() {
        return random.nextGaussian() * 0.2;
    }

    private static DeviceProtocol plain() {
        return DeviceProtocol.PLAIN;
    }

    private static DeviceProtocol ditto() {
        return DeviceProtocol.DITTO;
    }
}
