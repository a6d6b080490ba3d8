package io.twingraph.twins.simulation;

import java.util.function.BooleanSupplier;

import org.eclipse.ditto.json.JsonObject;

/** A reed contact on a door or window: feature {@code contact} with {@code open}. */
final class ContactSensor extends Device {
    private final BooleanSupplier open;

    ContactSensor(DeviceInfo info, BooleanSupplier open) {
        super(info);
        this.open = open;
    }

    @Override
    JsonObject features() {
        return feature("contact", JsonObject.newBuilder().set("open", open.getAsBoolean()).build());
    }
}
