package io.twingraph.planners.execution;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.TwinCommand;

/**
 * Devices that do what they are told: each command becomes the device's report of the new value, submitted to the
 * engine as device input (so the command gateway sees the twin confirm it). Keeps every command in arrival order.
 */
final class EchoDevices implements DeviceCommandSender {
    private static final ThingId SENTINEL = ThingId.of("test:sentinel");
    final List<DeviceCommand> received = new CopyOnWriteArrayList<>();
    private final TwinGraphEngine engine;
    private int sentinel;

    EchoDevices(TwinGraphEngine engine) {
        this.engine = engine;
    }

    @Override
    public void send(DeviceCommand command, Thing target) {
        received.add(command);
        report(engine, command.thingId(), command.path().toString(), command.value());
    }

    /** A device report of one property, as device input (not waited for). */
    static java.util.concurrent.CompletableFuture<?> report(TwinGraphEngine engine, ThingId thing, String path,
                                                            JsonValue value) {
        return engine.submit(new TwinCommand.Modify(thing, JsonPointer.of(path), value, TwinCommand.Origin.DEVICE,
                TwinCommand.newCorrelationId()));
    }

    /** A twin that takes the sentinel writes of {@link #settle()}. */
    static Thing sentinelTwin() {
        return org.eclipse.ditto.things.model.ThingsModelFactory.newThingBuilder().setId(SENTINEL)
                .setAttributes(org.eclipse.ditto.things.model.ThingsModelFactory.newAttributes(
                        JsonObject.newBuilder().set("n", 0).build())).build();
    }

    /**
     * Returns once everything submitted so far has been committed and every listener has been told: two writes one
     * after the other, each waited for (a write's reply may come before the listeners of its own batch, never before
     * those of an earlier batch).
     */
    void settle() {
        for (int i = 0; i < 2; i++) {
            engine.submit(new TwinCommand.Modify(SENTINEL, JsonPointer.of("/attributes/n"), JsonValue.of(++sentinel),
                    TwinCommand.Origin.API, TwinCommand.newCorrelationId())).join();
        }
    }
}
