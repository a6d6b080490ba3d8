package io.twingraph.api.plans;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

import io.twingraph.planners.problem.EnergyProblem;

/**
 * The body of {@code POST /api/plans}. Either a whole {@code problem} (the problem file format), or a horizon
 * ({@code horizonHours}, {@code slotMinutes}, optional {@code start}: default the next slot boundary) whose devices
 * come from the graph, with optional prices, forecasts and extra loads; see {@code GraphProblemReader}.
 *
 * @param timeLimitSeconds longest solve (default 10, at most 300)
 */
record PlanRequest(EnergyProblem problem, Instant start, Double horizonHours, Integer slotMinutes,
                   EnergyProblem.Objective objective,
                   @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> importPrice,
                   @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> exportPrice,
                   @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> co2,
                   @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> pvW,
                   @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> baseLoadW,
                   Double gridLimitW, List<EnergyProblem.Load> loads, Double evTargetSocPercent, Instant evDeparture,
                   Double timeLimitSeconds) {
}
