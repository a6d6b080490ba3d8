package io.twingraph.api.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.ditto.things.model.Thing;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;

/**
 * The device connection before it exists. The rules start, and the journal is replayed through them, before the MQTT
 * connector connects (a resumed MQTT session delivers at once, and that input must come after the replay); a command
 * decided meanwhile waits here until the connector is there.
 */
final class PendingConnection implements DeviceCommandSender {
    private static final long WAIT_SECONDS = 60;

    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile DeviceCommandSender connection;

    void connected(DeviceCommandSender sender) {
        connection = sender;
        ready.countDown();
    }

    @Override
    public void send(DeviceCommand command, Thing target) {
        try {
            if (!ready.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new TwinGraphException("mqtt:not-connected", TwinGraphException.Kind.UNAVAILABLE,
                        "The device connection was not up within " + WAIT_SECONDS + " s of start.",
                        "Check the broker (--mqtt); TwinGraph keeps trying to connect.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinGraphException("mqtt:not-connected", TwinGraphException.Kind.UNAVAILABLE,
                    "Stopped while waiting for the device connection.", "TwinGraph is shutting down.");
        }
        connection.send(command, target);
    }
}
