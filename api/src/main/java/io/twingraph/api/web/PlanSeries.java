package io.twingraph.api.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.Slot;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.ScheduleFactory;

/**
 * What the Energy page draws besides the plan itself, slot by slot: the prices and forecasts the plan was made
 * against, the grid power of the plan and of its baseline (every load as soon as it may, battery idle), and both
 * costs summed up to each slot's end. The costs are the planner's own ({@link Slot#cost}), so the last values equal
 * the plan's {@code planned.cost} and {@code baseline.cost}.
 */
record PlanSeries(String id, Instant start, int slotMinutes, String currency, List<Instant> slots,
                  List<Double> importPrice, List<Double> exportPrice, List<Double> pvW, List<Double> baseLoadW,
                  List<Double> gridW, List<Double> baselineGridW, List<Double> plannedCost, List<Double> baselineCost) {

    static PlanSeries of(String id, EnergyPlanner.Result result) {
        EnergySchedule planned = result.schedule();
        long[] plannedDraws = planned.drawsPerSlot();
        long[] baselineDraws = ScheduleFactory.baseline(planned).drawsPerSlot();
        List<Instant> starts = new ArrayList<>();
        List<Double> importPrice = new ArrayList<>();
        List<Double> exportPrice = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> grid = new ArrayList<>();
        List<Double> baselineGrid = new ArrayList<>();
        List<Double> plannedCost = new ArrayList<>();
        List<Double> baselineCost = new ArrayList<>();
        double plannedSum = 0;
        double baselineSum = 0;
        for (Slot slot : planned.getSlots()) {
            int i = slot.index();
            starts.add(slot.start());
            importPrice.add(slot.importPrice());
            exportPrice.add(slot.exportPrice());
            pv.add(slot.pvW());
            base.add(slot.baseW());
            grid.add(slot.netW(plannedDraws[i]));
            baselineGrid.add(slot.netW(baselineDraws[i]));
            plannedSum += slot.cost(plannedDraws[i]);
            baselineSum += slot.cost(baselineDraws[i]);
            plannedCost.add(round(plannedSum));
            baselineCost.add(round(baselineSum));
        }
        return new PlanSeries(id, result.plan().start(), result.plan().slotMinutes(), result.plan().currency(), starts,
                importPrice, exportPrice, pv, base, grid, baselineGrid, plannedCost, baselineCost);
    }

    private static double round(double money) {
        return Math.round(money * 10_000) / 10_000.0;
    }
}
