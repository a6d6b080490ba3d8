package io.twingraph.planners.execution;

import java.time.Instant;

import io.twingraph.error.TwinGraphException;

/**
 * One period of a price update, as a {@code tg:TariffSlot} gives it: from {@code start} (inclusive) to {@code end}
 * (exclusive) energy costs {@code importPrice} and earns {@code exportPrice} (currency per kWh), the grid emits
 * {@code co2} kg per kWh. A null price leaves that price as it was. A plan slot takes the period covering its start.
 */
public record PricePeriod(Instant start, Instant end, Double importPrice, Double exportPrice, Double co2) {
    static final String INVALID = "plans:tariff.invalid";

    /** @throws TwinGraphException {@code plans:tariff.invalid} when the period is malformed */
    public PricePeriod {
        if (start == null || end == null || !start.isBefore(end)) {
            throw invalid("a price period needs start before end, got " + start + " to " + end);
        }
        if (importPrice == null && exportPrice == null && co2 == null) {
            throw invalid("the period from " + start + " gives no importPrice, exportPrice or co2");
        }
        finite(importPrice, "importPrice", start);
        finite(exportPrice, "exportPrice", start);
        finite(co2, "co2", start);
        if (co2 != null && co2 < 0) {
            throw invalid("co2 must not be negative (period from " + start + ")");
        }
    }

    /** True when the period holds this instant. */
    public boolean covers(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    private static void finite(Double v, String name, Instant start) {
        if (v != null && !Double.isFinite(v)) {
            throw invalid(name + " is not a number (period from " + start + ")");
        }
    }

    static TwinGraphException invalid(String message) {
        return new TwinGraphException(INVALID, TwinGraphException.Kind.INVALID, "Invalid price update: " + message,
                "Send {\"slots\": [{\"start\", \"end\", \"importPrice\", \"exportPrice\", \"co2\"}]} with ISO instants "
                        + "covering slots of the plan that have not ended.");
    }
}
