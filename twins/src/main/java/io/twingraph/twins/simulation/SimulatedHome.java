package io.twingraph.twins.simulation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.ditto.things.model.ThingId;

/**
 * One home: its rooms, its devices and its household, advanced one step at a time in a fixed order: people act,
 * thermostats and the heat pump respond, the rooms' air changes, and the electricity balances (PV and loads, then
 * the battery, the grid takes the rest).
 */
final class SimulatedHome {
    final String homeId;
    private final Map<Room, RoomState> rooms;
    private final Household household;
    private final Weather weather;
    private final List<Device> devices;
    private final Map<ThingId, Device> byId = new LinkedHashMap<>();
    private final List<Thermostat> thermostats;
    private final HeatPump heatPump;
    private final List<SmartPlug> plugs;
    private final PvInverter pv;
    private final HomeBattery battery;
    private final EvCharger ev;
    private final GridMeter grid;

    /** The parts of a home, as {@link HomeFactory} assembles them. */
    record Parts(Map<Room, RoomState> rooms, Household household, List<Device> devices,
                 List<Thermostat> thermostats, HeatPump heatPump, List<SmartPlug> plugs, PvInverter pv,
                 HomeBattery battery, EvCharger ev, GridMeter grid) {
    }

    SimulatedHome(String homeId, Weather weather, Parts parts) {
        this.homeId = homeId;
        this.weather = weather;
        this.rooms = parts.rooms();
        this.household = parts.household();
        this.devices = List.copyOf(parts.devices());
        this.thermostats = parts.thermostats();
        this.heatPump = parts.heatPump();
        this.plugs = parts.plugs();
        this.pv = parts.pv();
        this.battery = parts.battery();
        this.ev = parts.ev();
        this.grid = parts.grid();
        for (Device device : devices) {
            if (byId.put(device.thingId(), device) != null) {
                throw new IllegalStateException("duplicate thing id " + device.thingId());
            }
        }
    }

    void step(Moment moment, double dt) {
        household.step(moment, dt);
        Map<Room, Double> heating = heat(moment, dt);
        changeAir(moment, heating, dt);
        balanceEnergy(moment, dt);
    }

    /** Thermostats decide, the heat pump delivers what it can; returns the heat each room gets, W. */
    private Map<Room, Double> heat(Moment moment, double dt) {
        double demand = 0;
        for (Thermostat thermostat : thermostats) {
            thermostat.update(moment);
            demand += thermostat.heating() ? thermostat.room().heaterWatts : 0;
        }
        double delivered = heatPump.step(demand, weather.temperature(), dt);
        Map<Room, Double> heating = new LinkedHashMap<>();
        for (Thermostat thermostat : thermostats) {
            heating.put(thermostat.room(), thermostat.heating() ? thermostat.room().heaterWatts * delivered : 0.0);
        }
        return heating;
    }

    private void changeAir(Moment moment, Map<Room, Double> heating, double dt) {
        double house = houseTemperature();
        double seasonalHumidity = 40 + 12 * moment.summerness();
        for (RoomState room : rooms.values()) {
            // drawn blinds keep the sun out
            room.climate.step(new RoomClimate.Inputs(weather.temperature(), house,
                    heating.getOrDefault(room.room, 0.0), room.occupied ? room.room.people : 0, room.windowOpen,
                    weather.irradiance() * room.daylight(), household.moisture(room, moment.instant()),
                    seasonalHumidity), dt);
        }
    }

    /**
     * The battery covers the house but not the car (the usual setting: a 5 kW battery emptied into an 11 kW
     * charger helps nobody), and stores PV surplus only after the car took its share.
     */
    private void balanceEnergy(Moment moment, double dt) {
        double plugWatts = 0;
        for (SmartPlug plug : plugs) {
            plugWatts += plug.step(moment, dt);
        }
        double solar = pv.step(weather.irradiance(), weather.temperature(), dt);
        double car = ev.step(dt);
        double house = household.baseWatts() + plugWatts + heatPump.electricWatts();
        double houseDeficit = house - solar;
        double surplus = houseDeficit > 0 ? -houseDeficit : Math.max(0, -houseDeficit - car);
        double batteryWatts = battery.step(surplus, dt);
        grid.step(house + car - solar + batteryWatts, dt);
    }

    /** Mean temperature of the heated rooms, weighted by volume: what inner walls and hallways lean towards. */
    private double houseTemperature() {
        double sum = 0;
        double volume = 0;
        for (RoomState room : rooms.values()) {
            if (room.room.heated()) {
                sum += room.climate.temperature() * room.room.volume;
                volume += room.room.volume;
            }
        }
        return volume == 0 ? 18 : sum / volume;
    }

    List<Device> devices() {
        return devices;
    }

    Optional<Device> device(ThingId thingId) {
        return Optional.ofNullable(byId.get(thingId));
    }

    Map<Room, RoomState> rooms() {
        return Collections.unmodifiableMap(rooms);
    }

    HomeBattery battery() {
        return battery;
    }
}
