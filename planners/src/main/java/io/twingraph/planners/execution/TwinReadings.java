package io.twingraph.planners.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.planners.problem.EnergyProblem;

/**
 * What a replan reads from twins, with the conventions of {@code GraphProblemReader}: a battery's charge at
 * {@code battery/soc}; a wallbox's {@code charger/plugged}, {@code charger/soc} and attributes {@code maxPowerW},
 * {@code carCapacityKwh}, commanded through {@code charger/charging}.
 */
final class TwinReadings {
    static final JsonPointer BATTERY_SOC = JsonPointer.of("/features/battery/properties/soc");
    static final JsonPointer PLUGGED = JsonPointer.of("/features/charger/properties/plugged");
    static final JsonPointer CAR_SOC = JsonPointer.of("/features/charger/properties/soc");
    static final String CHARGING = "/features/charger/properties/charging";

    private TwinReadings() {
    }

    static Optional<JsonValue> at(Thing thing, JsonPointer path) {
        return thing == null ? Optional.empty() : thing.toJson().getValue(path);
    }

    static Optional<JsonValue> at(Thing thing, String path) {
        return at(thing, JsonPointer.of(path));
    }

    static Optional<Double> number(Thing thing, JsonPointer path) {
        return at(thing, path).filter(JsonValue::isNumber).map(JsonValue::asDouble);
    }

    static boolean plugged(Thing thing) {
        return at(thing, PLUGGED).filter(JsonValue::isBoolean).map(JsonValue::asBoolean).orElse(false);
    }

    /**
     * The charge a plugged-in car needs, as an EV of the problem: {@code (target - soc) x capacity}, no more than the
     * charger can deliver before departure; empty when no car is plugged in or it is charged enough.
     */
    static Optional<EnergyProblem.Ev> ev(Thing thing, double targetSocPercent, Instant arrival, Instant departure,
                                         int slotMinutes) {
        if (!plugged(thing) || !arrival.isBefore(departure)) {
            return Optional.empty();
        }
        double soc = number(thing, CAR_SOC).orElse(100.0);
        if (soc >= targetSocPercent) {
            return Optional.empty();
        }
        JsonObject attributes = thing.getAttributes().map(a -> (JsonObject) a).orElse(JsonObject.empty());
        double capacity = attributes.getValue("carCapacityKwh").filter(JsonValue::isNumber).map(JsonValue::asDouble).orElse(60.0);
        double power = attributes.getValue("maxPowerW").filter(JsonValue::isNumber).map(JsonValue::asDouble).orElse(11_000.0);
        // whole slots only: the window is cut to slots, so what does not fit in them cannot be asked for
        long slots = Duration.between(arrival, departure).toMinutes() / slotMinutes;
        double fits = power / 1000 * slots * slotMinutes / 60.0;
        double kwh = Math.min((targetSocPercent - soc) / 100 * capacity, fits);
        if (kwh <= 0) {
            return Optional.empty();
        }
        String id = thing.getEntityId().orElseThrow().toString();
        return Optional.of(new EnergyProblem.Ev(id, id, power, Math.floor(kwh * 1000) / 1000, arrival, departure,
                new EnergyProblem.Control(id, CHARGING, null)));
    }
}
