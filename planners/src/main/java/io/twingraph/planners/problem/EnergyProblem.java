package io.twingraph.planners.problem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.error.TwinGraphException;

/**
 * An energy planning problem over a horizon of {@code slots} slots of {@code slotMinutes} minutes from {@code start}.
 * This record is also the JSON problem file format ({@code twingraph plan FILE}); the README of the planners module
 * documents every field. Series ({@code importPrice}, {@code exportPrice}, {@code co2}, {@code baseLoadW},
 * {@code pvW}) hold one value a slot, or a single value for all slots.
 *
 * @param currency   name of the money unit of the prices (for display only)
 * @param co2        grid carbon intensity, kg CO2/kWh (optional)
 * @param gridLimitW most power the grid connection may carry either way, W (optional: no limit)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnergyProblem(Instant start, int slotMinutes, int slots, String currency,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> importPrice,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> exportPrice,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> co2,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> baseLoadW,
                            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> pvW,
                            Double gridLimitW, List<Load> loads, Battery battery, List<Ev> evs, Objective objective) {

    public EnergyProblem {
        currency = currency == null ? "EUR" : currency;
        importPrice = importPrice == null ? List.of() : List.copyOf(importPrice);
        exportPrice = exportPrice == null ? List.of(0.0) : List.copyOf(exportPrice);
        co2 = co2 == null ? List.of() : List.copyOf(co2);
        baseLoadW = baseLoadW == null ? List.of(0.0) : List.copyOf(baseLoadW);
        pvW = pvW == null ? List.of(0.0) : List.copyOf(pvW);
        loads = loads == null ? List.of() : List.copyOf(loads);
        evs = evs == null ? List.of() : List.copyOf(evs);
        objective = objective == null ? Objective.COST : objective;
    }

    /** Length of one slot. */
    public Duration slotLength() {
        return Duration.ofMinutes(slotMinutes);
    }

    /** First instant after the horizon. */
    public Instant end() {
        return start.plus(slotLength().multipliedBy(slots));
    }

    /** A copy with other prices (a price update). */
    public EnergyProblem withPrices(List<Double> newImport, List<Double> newExport) {
        return new EnergyProblem(start, slotMinutes, slots, currency, newImport, newExport == null ? exportPrice : newExport,
                co2, baseLoadW, pvW, gridLimitW, loads, battery, evs, objective);
    }

    /** A copy starting at another time with other forecasts and devices (replanning). */
    public EnergyProblem with(Instant newStart, int newSlots, List<Load> newLoads, Battery newBattery, List<Ev> newEvs) {
        return new EnergyProblem(newStart, slotMinutes, newSlots, currency, importPrice, exportPrice, co2, baseLoadW, pvW,
                gridLimitW, newLoads, newBattery, newEvs, objective);
    }

    /**
     * A shiftable load. Its power is a constant {@code powerW} for {@code durationMinutes} (or for as long as
     * {@code energyKwh} takes), or a {@code profile} of phases. It runs inside [{@code earliestStart},
     * {@code deadline}] (the horizon when absent). An interruptible load may pause between slots, running at least
     * {@code minOnMinutes} at a time and pausing at least {@code minOffMinutes}. An optional load may be left out
     * when running it costs more than {@code valuePerRun}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Load(String id, String name, Double powerW, Integer durationMinutes, Double energyKwh,
                       List<Phase> profile, Instant earliestStart, Instant deadline, Boolean interruptible,
                       Integer minOnMinutes, Integer minOffMinutes, Boolean optional, Double valuePerRun,
                       Control control) {
        public Load {
            profile = profile == null ? List.of() : List.copyOf(profile);
        }

        /** A constant-power load that must run once in its window. */
        public static Load of(String id, double powerW, int durationMinutes, Instant earliestStart, Instant deadline) {
            return new Load(id, null, powerW, durationMinutes, null, null, earliestStart, deadline, null, null, null,
                    null, null, null);
        }

        public boolean isInterruptible() {
            return Boolean.TRUE.equals(interruptible);
        }

        public boolean isOptional() {
            return Boolean.TRUE.equals(optional);
        }

        public Load withWindow(Instant newEarliest, Instant newDeadline) {
            return new Load(id, name, powerW, durationMinutes, energyKwh, profile, newEarliest, newDeadline,
                    interruptible, minOnMinutes, minOffMinutes, optional, valuePerRun, control);
        }

        public Load withControl(Control newControl) {
            return new Load(id, name, powerW, durationMinutes, energyKwh, profile, earliestStart, deadline,
                    interruptible, minOnMinutes, minOffMinutes, optional, valuePerRun, newControl);
        }
    }

    /** One phase of a load's power profile (a SAREF4ENER power sequence slot). */
    public record Phase(int minutes, double powerW) {
    }

    /**
     * A home battery. Efficiencies are one-way (charging, discharging); {@code targetSocPercent} is the charge it
     * must hold at the end (default: what it holds now); {@code powerSteps} is how finely the planner divides its
     * power (levels from -steps to +steps).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Battery(String id, String name, double capacityKwh, double maxChargeW, Double maxDischargeW,
                          Double chargeEfficiency, Double dischargeEfficiency, double socPercent, Double reservePercent,
                          Double targetSocPercent, Integer powerSteps, Control control) {
        public Battery withSoc(double newSocPercent) {
            return new Battery(id, name, capacityKwh, maxChargeW, maxDischargeW, chargeEfficiency, dischargeEfficiency,
                    newSocPercent, reservePercent, targetSocPercent, powerSteps, control);
        }
    }

    /** An electric vehicle that needs {@code energyKwh} from its charger between {@code arrival} and {@code departure}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ev(String id, String name, double chargerPowerW, double energyKwh, Instant arrival, Instant departure,
                     Control control) {
        public Ev withEnergy(double newEnergyKwh, Instant newArrival) {
            return new Ev(id, name, chargerPowerW, newEnergyKwh, newArrival, departure, control);
        }
    }

    /**
     * How a planned state reaches the device: the twin, the JSON pointer of the property to set, and the value for
     * each state ({@code on}/{@code off} for loads and chargers, {@code charge}/{@code discharge}/{@code idle} for a
     * battery; defaults {@code true}/{@code false} and the state names).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Control(String thingId, String path, Map<String, JsonNode> values) {
        public Control {
            values = values == null ? Map.of() : Map.copyOf(values);
        }
    }

    /**
     * What the plan minimises, in money: {@code costWeight * cost + co2PricePerKg * kg CO2 imported +
     * exportPenaltyPerKwh * kWh exported}. Named presets: {@code cost} (1, 0, 0); {@code co2} (1, 1.0, 0): a carbon
     * price far above typical price spreads, so CO2 decides and cost breaks ties; {@code self-consumption} (1, 0, 0.30):
     * exporting costs more than importing, so PV is used at home first. In JSON either a preset name or an object.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Objective(String name, double costWeight, double co2PricePerKg, double exportPenaltyPerKwh) {
        public static final Objective COST = new Objective("cost", 1, 0, 0);
        public static final Objective CO2 = new Objective("co2", 1, 1.0, 0);
        public static final Objective SELF_CONSUMPTION = new Objective("self-consumption", 1, 0, 0.30);

        /** A preset by name. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Objective named(String name) {
            return switch (name == null ? "cost" : name.toLowerCase(Locale.ROOT)) {
                case "cost" -> COST;
                case "co2", "carbon" -> CO2;
                case "self-consumption", "selfconsumption", "self_consumption" -> SELF_CONSUMPTION;
                default -> throw new TwinGraphException("plans:objective.unknown", TwinGraphException.Kind.INVALID,
                        "Unknown objective '" + name + "'",
                        "Use cost, co2 or self-consumption, or an object {costWeight, co2PricePerKg, exportPenaltyPerKwh}.");
            };
        }

        /** An objective from JSON properties; a missing {@code costWeight} is 1, missing prices are 0. */
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static Objective of(@JsonProperty("name") String name, @JsonProperty("costWeight") Double costWeight,
                                   @JsonProperty("co2PricePerKg") Double co2PricePerKg,
                                   @JsonProperty("exportPenaltyPerKwh") Double exportPenaltyPerKwh) {
            return new Objective(name, costWeight == null ? 1 : costWeight, co2PricePerKg == null ? 0 : co2PricePerKg,
                    exportPenaltyPerKwh == null ? 0 : exportPenaltyPerKwh);
        }

        public Objective {
            name = name == null ? "custom" : name;
            if (costWeight < 0 || co2PricePerKg < 0 || exportPenaltyPerKwh < 0) {
                throw new TwinGraphException("plans:objective.invalid", TwinGraphException.Kind.INVALID,
                        "Objective weights must not be negative", "Give costWeight, co2PricePerKg, exportPenaltyPerKwh >= 0.");
            }
        }
    }
}
