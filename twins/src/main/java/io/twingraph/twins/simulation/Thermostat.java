package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * A room thermostat: feature {@code thermostat} with {@code temperature}, {@code setpoint} and {@code heating} (it
 * calls for heat). The setpoint follows a weekly schedule; a commanded setpoint overrides the schedule until the
 * schedule's next switch point, as on most programmable thermostats.
 */
final class Thermostat extends Device {
    static final double MIN_SETPOINT = 5;
    static final double MAX_SETPOINT = 30;
    private static final double HYSTERESIS_BELOW = 0.3;
    private static final double HYSTERESIS_ABOVE = 0.2;

    private final RoomClimate climate;
    private final SetpointSchedule schedule;
    private final double temperatureBias;
    private double setpoint;
    private Double override;
    private SetpointSchedule.Slot overrideSlot;
    private boolean heating;
    private Moment last;

    Thermostat(DeviceInfo info, RoomClimate climate, SetpointSchedule schedule, double temperatureBias, Moment start) {
        super(info);
        this.climate = climate;
        this.schedule = schedule;
        this.temperatureBias = temperatureBias;
        this.last = start;
        this.setpoint = schedule.setpoint(start);
        this.heating = measured() < setpoint;
    }

    /** Follows the schedule (or the override) and decides whether to call for heat. */
    void update(Moment moment) {
        last = moment;
        if (override != null && !schedule.slot(moment).equals(overrideSlot)) {
            override = null;
        }
        setpoint = override != null ? override : schedule.setpoint(moment);
        decide();
    }

    private void decide() {
        double t = measured();
        if (t < setpoint - HYSTERESIS_BELOW) {
            heating = true;
        } else if (t > setpoint + HYSTERESIS_ABOVE) {
            heating = false;
        }
    }

    boolean heating() {
        return heating;
    }

    Room room() {
        return climate.room();
    }

    private double measured() {
        return climate.temperature() + temperatureBias;
    }

    @Override
    JsonObject features() {
        return feature("thermostat", JsonObject.newBuilder()
                .set("temperature", round(measured(), 1))
                .set("setpoint", round(setpoint, 1))
                .set("heating", heating)
                .build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (!feature.equals("thermostat") || !property.equals("setpoint") || !value.isNumber()) {
            return false;
        }
        double wanted = value.asDouble();
        if (wanted < MIN_SETPOINT || wanted > MAX_SETPOINT) {
            return false;
        }
        override = round(wanted, 1);
        overrideSlot = schedule.slot(last);
        setpoint = override;
        decide();
        return true;
    }
}
