package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * The front door's smart lock: feature {@code lock} with {@code locked} (commandable). The household unlocks it to
 * come and go and locks it behind the last one out or late in the evening; see {@link Household}.
 */
final class DoorLock extends Device {
    private final Doors doors;

    DoorLock(DeviceInfo info, Doors doors) {
        super(info);
        this.doors = doors;
    }

    @Override
    JsonObject features() {
        return feature("lock", JsonObject.newBuilder().set("locked", doors.frontLocked()).build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (feature.equals("lock") && property.equals("locked") && value.isBoolean()) {
            doors.lockFront(value.asBoolean());
            return true;
        }
        return false;
    }
}
