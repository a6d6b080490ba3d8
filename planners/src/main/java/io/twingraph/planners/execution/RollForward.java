package io.twingraph.planners.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.twingraph.planners.domain.Battery;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemCheck;

/**
 * The problem of a replan: the executing problem from the current slot to the end of its horizon, with what has
 * happened since folded in. The horizon keeps its end and starts at the current slot (which is planned again: its
 * commands may change). Per device:
 * <ul>
 * <li>a load whose run has ended is done and left out; a non-interruptible load that is running keeps running: the
 * rest of its profile must start in the current slot; one that has not started keeps its window;</li>
 * <li>an interruptible load needs what its runs have not delivered yet, in runs of its minimum on-time;</li>
 * <li>an EV needs the energy of its planned slots from now on (or what its twin says, after a twin change);</li>
 * <li>the battery starts from its measured charge (else the charge the plan expected) and keeps the end target of
 * the first plan (lowered to what it can still reach);</li>
 * <li>prices, PV and base load forecasts are the executing problem's, with price updates applied.</li>
 * </ul>
 */
final class RollForward {
    private RollForward() {
    }

    /**
     * What has happened since the executing plan was made.
     *
     * @param prices  price updates
     * @param loads   appliances switched outside the plan: id to {@code on} (started early) or {@code off} (stopped)
     * @param evs     EVs read again from their twins: id to the EV's need now, or empty when it needs nothing more
     *                (left, charged); EVs not in the problem yet are added
     * @param batterySocPercent the battery's measured charge (null: unknown)
     */
    record Changes(List<PricePeriod> prices, Map<String, String> loads, Map<String, Optional<EnergyProblem.Ev>> evs,
                   Double batterySocPercent) {
    }

    /**
     * @param p       the executing problem
     * @param s       its schedule, being carried out
     * @param current the current slot of {@code p} (negative before it starts: then the horizon stays as it is)
     */
    static EnergyProblem roll(EnergyProblem p, EnergySchedule s, int current, Changes changes) {
        int shift = Math.max(0, current);
        Instant start = p.start().plus(p.slotLength().multipliedBy(shift));
        int slots = p.slots() - shift;
        Instant end = p.end();
        Map<String, List<LoadRun>> runs = new HashMap<>();
        s.getRuns().forEach(r -> runs.computeIfAbsent(r.getLoad().id(), k -> new ArrayList<>()).add(r));
        runs.values().forEach(list -> list.sort(Comparator.comparing(LoadRun::getStart,
                Comparator.nullsLast(Comparator.naturalOrder()))));

        List<EnergyProblem.Load> loads = new ArrayList<>();
        for (EnergyProblem.Load load : p.loads()) {
            String switched = changes.loads().get(load.id());
            List<LoadRun> its = runs.getOrDefault(load.id(), List.of());
            EnergyProblem.Load next = "off".equals(switched) ? null
                    : load.isInterruptible() ? interruptible(load, its, current, p.slotMinutes())
                    : nonInterruptible(load, its, current, "on".equals(switched), start, end, p.slotMinutes());
            if (next != null) {
                loads.add(next);
            }
        }

        Map<String, EnergyProblem.Ev> evs = new LinkedHashMap<>();
        for (EnergyProblem.Ev ev : p.evs()) {
            Optional<EnergyProblem.Ev> read = changes.evs().get(ev.id());
            EnergyProblem.Ev next = read != null ? read.orElse(null) : ev(ev, runs.getOrDefault(ev.id(), List.of()),
                    current, start);
            if (next != null && next.departure() != null && !next.departure().isAfter(start)) {
                next = null; // it has left
            }
            if (next != null) {
                evs.put(ev.id(), next);
            }
        }
        changes.evs().forEach((id, read) -> read.filter(ev -> !evs.containsKey(id) && p.evs().stream()
                .noneMatch(e -> e.id().equals(id))).ifPresent(ev -> evs.put(id, ev)));

        EnergyProblem.Battery battery = p.battery() == null ? null
                : battery(p.battery(), s, current, changes.batterySocPercent(), slots * p.slotMinutes() / 60.0);

        List<Double> importPrice = tail(p.importPrice(), shift, slots);
        List<Double> exportPrice = tail(p.exportPrice(), shift, slots);
        List<Double> co2 = p.co2().isEmpty() ? List.of() : tail(p.co2(), shift, slots);
        if (!changes.prices().isEmpty()) {
            importPrice = apply(importPrice, changes.prices(), start, p, slots, PricePeriod::importPrice);
            exportPrice = apply(exportPrice, changes.prices(), start, p, slots, PricePeriod::exportPrice);
            co2 = co2.isEmpty() ? co2 : apply(co2, changes.prices(), start, p, slots, PricePeriod::co2);
        }
        return new EnergyProblem(start, p.slotMinutes(), slots, p.currency(), importPrice, exportPrice, co2,
                tail(p.baseLoadW(), shift, slots), tail(p.pvW(), shift, slots), p.gridLimitW(), loads, battery,
                new ArrayList<>(evs.values()), p.objective());
    }

    /** How many slots of the new horizon some price period covers. */
    static int covered(EnergyProblem p, int current, List<PricePeriod> periods) {
        int n = 0;
        for (int t = Math.max(0, current); t < p.slots(); t++) {
            Instant at = p.start().plus(p.slotLength().multipliedBy(t));
            if (periods.stream().anyMatch(x -> x.covers(at))) {
                n++;
            }
        }
        return n;
    }

    private static EnergyProblem.Load nonInterruptible(EnergyProblem.Load load, List<LoadRun> runs, int current,
                                                       boolean switchedOn, Instant start, Instant end, int slotMinutes) {
        LoadRun run = runs.isEmpty() ? null : runs.get(0);
        Integer from = run == null ? null : run.getStart();
        if (from != null && from + run.length() <= current) {
            return null; // done
        }
        if (from != null && from <= current) {
            return forcedNow(load, run, current - from, start, end, slotMinutes); // running: the rest goes on now
        }
        if (switchedOn && run != null) {
            return forcedNow(load, run, 0, start, end, slotMinutes); // started early: it runs from now on
        }
        return load;
    }

    /** The rest of a run from {@code offset}, as a load that can only start in the first slot. */
    private static EnergyProblem.Load forcedNow(EnergyProblem.Load load, LoadRun run, int offset, Instant start,
                                                Instant end, int slotMinutes) {
        List<EnergyProblem.Phase> phases = new ArrayList<>();
        for (int i = offset; i < run.length(); i++) {
            phases.add(new EnergyProblem.Phase(slotMinutes, run.wattsAt(i)));
        }
        Instant deadline = start.plusSeconds(60L * slotMinutes * phases.size());
        if (deadline.isAfter(end)) {
            // what would run after the horizon is not this plan's business
            int fit = (int) (java.time.Duration.between(start, end).toMinutes() / slotMinutes);
            phases = phases.subList(0, fit);
            deadline = end;
        }
        if (phases.isEmpty()) {
            return null;
        }
        return new EnergyProblem.Load(load.id(), load.name(), null, null, null, phases, start, deadline, false, null,
                null, false, null, load.control());
    }

    private static EnergyProblem.Load interruptible(EnergyProblem.Load load, List<LoadRun> runs, int current,
                                                    int slotMinutes) {
        List<EnergyProblem.Phase> rest = new ArrayList<>();
        boolean started = false;
        for (LoadRun run : runs) {
            for (int i = 0; i < run.length(); i++) {
                if (run.getStart() == null || run.getStart() + i >= current) {
                    rest.add(new EnergyProblem.Phase(slotMinutes, run.wattsAt(i)));
                }
            }
            started |= run.getStart() != null && run.getStart() <= current;
        }
        if (rest.isEmpty()) {
            return null;
        }
        if (!started) {
            return load;
        }
        return new EnergyProblem.Load(load.id(), load.name(), null, null, null, rest, load.earliestStart(),
                load.deadline(), true, load.minOnMinutes(), load.minOffMinutes(), load.optional(), load.valuePerRun(),
                load.control());
    }

    private static EnergyProblem.Ev ev(EnergyProblem.Ev ev, List<LoadRun> runs, int current, Instant start) {
        double wh = 0;
        boolean started = false;
        for (LoadRun run : runs) {
            for (int i = 0; i < run.length(); i++) {
                if (run.getStart() == null || run.getStart() + i >= current) {
                    wh += run.wattsAt(i) * run.getLoad().slotHours();
                }
            }
            started |= run.getStart() != null && run.getStart() <= current;
        }
        if (wh <= 1e-6) {
            return null;
        }
        if (!started) {
            return ev;
        }
        Instant arrival = ev.arrival() == null || ev.arrival().isBefore(start) ? start : ev.arrival();
        return ev.withEnergy(Math.round(wh) / 1000.0, arrival);
    }

    private static EnergyProblem.Battery battery(EnergyProblem.Battery b, EnergySchedule s, int current,
                                                 Double measured, double hoursLeft) {
        double soc;
        if (measured != null) {
            soc = Math.max(0, Math.min(100, measured));
        } else {
            Battery model = s.getBatteries().get(0);
            long milliWh = Math.round(model.initialWh() * 1000);
            for (BatterySlot slot : s.getBatterySlots()) {
                if (slot.getSlot() < current && slot.getLevel() != null) {
                    milliWh += slot.storedMilliWh();
                }
            }
            soc = Math.max(0, Math.min(100, milliWh / 1000.0 / model.capacityWh() * 100));
        }
        soc = Math.round(soc * 100) / 100.0;
        double target = b.targetSocPercent() != null ? b.targetSocPercent() : b.socPercent();
        double efficiency = b.chargeEfficiency() == null ? 1 : b.chargeEfficiency();
        double reachable = soc + b.maxChargeW() / 1000 * hoursLeft * efficiency / b.capacityKwh() * 100;
        // the first plan's end target, unless it can no longer be reached: then as close as the time left allows
        target = Math.min(target, Math.floor(reachable * 100) / 100 - 0.01);
        return new EnergyProblem.Battery(b.id(), b.name(), b.capacityKwh(), b.maxChargeW(), b.maxDischargeW(),
                b.chargeEfficiency(), b.dischargeEfficiency(), soc, b.reservePercent(), Math.max(0, target),
                b.powerSteps(), b.control());
    }

    private static List<Double> tail(List<Double> series, int shift, int slots) {
        if (series.size() <= 1 || shift == 0) {
            return series;
        }
        return List.copyOf(series.subList(shift, Math.min(series.size(), shift + slots)));
    }

    private static List<Double> apply(List<Double> series, List<PricePeriod> periods, Instant start, EnergyProblem p,
                                      int slots, java.util.function.Function<PricePeriod, Double> price) {
        List<Double> out = new ArrayList<>(slots);
        for (int t = 0; t < slots; t++) {
            Instant at = start.plus(p.slotLength().multipliedBy(t));
            Double value = null;
            for (PricePeriod period : periods) {
                if (period.covers(at) && price.apply(period) != null) {
                    value = price.apply(period); // later updates win
                }
            }
            out.add(value != null ? value : ProblemCheck.value(series, t));
        }
        return out;
    }
}
