package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;

/** A PIR motion and presence sensor: feature {@code presence} with {@code motion} and {@code occupied}. */
final class PresenceSensor extends Device {
    private final RoomState room;

    PresenceSensor(DeviceInfo info, RoomState room) {
        super(info);
        this.room = room;
    }

    @Override
    JsonObject features() {
        return feature("presence", JsonObject.newBuilder()
                .set("motion", room.motion)
                .set("occupied", room.occupied)
                .build());
    }
}
