package io.twingraph.twins;

import org.eclipse.ditto.json.JsonValue;

import io.twingraph.error.TwinGraphException;

/**
 * What a device command must be before either device protocol writes it; the finite-number check also serves device
 * input.
 */
public final class CommandValues {
    /** Error code of a device command that cannot be sent. */
    public static final String INVALID = "twins:command.invalid";

    private CommandValues() {
    }

    /**
     * Every number in the command's value, at any depth, is finite. Ditto reads a bare {@code 1e400} as Infinity
     * (a request body, for one) and writes it back as {@code Infinity}, which is not JSON: no device could read it.
     *
     * @throws TwinGraphException {@value #INVALID}, kind INVALID, otherwise
     */
    public static void requireFinite(DeviceCommand command) {
        if (!finite(command.value())) {
            throw invalid("the value " + command.value() + " for " + command.path() + " has a number JSON cannot write "
                    + "(NaN or infinite)");
        }
    }

    /** A {@value #INVALID} error saying why. */
    public static TwinGraphException invalid(String why) {
        return new TwinGraphException(INVALID, TwinGraphException.Kind.INVALID, "Cannot send this device command: " + why,
                "Send finite numbers, and property names without '~'.");
    }

    /**
     * Whether every number in the value, at any depth, is finite: what JSON can write. Device input is checked with it
     * too, since Ditto reads {@code 1e400} in a message as Infinity and the twin would then not be JSON.
     */
    public static boolean finite(JsonValue value) {
        if (value.isNumber()) {
            return Double.isFinite(value.asDouble());
        }
        if (value.isObject()) {
            return value.asObject().stream().allMatch(f -> finite(f.getValue()));
        }
        if (value.isArray()) {
            return value.asArray().stream().allMatch(CommandValues::finite);
        }
        return true;
    }
}
