package io.twingraph.nl.act;

import org.eclipse.ditto.json.JsonValue;

import io.twingraph.nl.home.HomeDevice;

/**
 * One property to set on one device, or why it can't be done.
 *
 * @param device   the device
 * @param property {@code feature/property}, null when refused
 * @param value    the value to set, null when refused
 * @param refusal  why the device can't do it, null when it can
 */
public record DeviceAction(HomeDevice device, String property, JsonValue value, String refusal) {
    static DeviceAction set(HomeDevice device, String property, JsonValue value) {
        return new DeviceAction(device, property, value, null);
    }

    static DeviceAction refuse(HomeDevice device, String why) {
        return new DeviceAction(device, null, null, why);
    }

    public boolean refused() {
        return refusal != null;
    }
}
