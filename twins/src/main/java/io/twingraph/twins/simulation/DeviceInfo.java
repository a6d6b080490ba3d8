package io.twingraph.twins.simulation;

import java.util.List;
import java.util.Objects;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.twins.DeviceProtocol;

/**
 * What a device is, as its twin's attributes say it (see the README's thing conventions).
 *
 * @param brickClass      a Brick local name ({@code Luminaire}) or a prefixed name ({@code saref:Sensor})
 * @param location        IRI of the room the device is in
 * @param extraAttributes further attributes, e.g. a battery's capacity
 */
record DeviceInfo(ThingId thingId, String name, List<String> aliases, String brickClass, String location,
                  DeviceProtocol protocol, JsonObject extraAttributes) {
    DeviceInfo {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(brickClass, "brickClass");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(extraAttributes, "extraAttributes");
    }
}
