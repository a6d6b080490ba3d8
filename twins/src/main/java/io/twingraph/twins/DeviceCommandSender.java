package io.twingraph.twins;

import org.eclipse.ditto.things.model.Thing;

import io.twingraph.error.TwinGraphException;

/**
 * Sends a desired value to a device over Ditto's {@code live} channel: the twin does not change until the device
 * reports back. The application wires this to the MQTT connector.
 */
@FunctionalInterface
public interface DeviceCommandSender {

    /**
     * Sends the command to the device the target twin stands for.
     *
     * @param command what to set, with the correlation id the HTTP client gets back
     * @param target  the twin as it is now (its {@code protocol} attribute says how to reach the device)
     * @throws RuntimeException a {@link TwinGraphException} or Ditto error when it cannot be sent; the client sees it
     */
    void send(DeviceCommand command, Thing target);

    /** A sender for servers without a device connection: every live command is refused with 503. */
    static DeviceCommandSender unavailable() {
        return (command, target) -> {
            throw new TwinGraphException("things:live.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "No device connection is configured: the live command for '" + command.thingId()
                            + "' cannot be sent.",
                    "Start TwinGraph with its MQTT connector, or use the twin channel.");
        };
    }
}
