package io.twingraph.planners.execution;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.planners.solve.Plan;

/**
 * How the execution of a plan stands, as the API shows it.
 *
 * @param state       {@code running}; {@code finished} (the horizon ended), {@code stopped} (on request) or
 *                    {@code replaced} (another plan is executed instead)
 * @param endReason   why it ended, in words
 * @param currentSlot the last slot carried out, numbered as in the plan first executed
 * @param replanCount how many times the plan was made again (see {@code replans})
 * @param plan        the plan being carried out now: the executed plan, or the latest replan (whose horizon starts
 *                    at the slot it was made in)
 * @param slots       every slot carried out, in order; a slot appears twice when a replan changed what it does
 * @param replans     the replans, in order, with their reasons and outcome
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(String planId, String state, Instant startedAt, Instant endedAt, String endReason,
                            Integer currentSlot, int replanCount, Plan plan, List<ExecutedSlot> slots,
                            List<Replan> replans) {

    /** True while the plan is carried out. */
    public boolean running() {
        return "running".equals(state);
    }

    /**
     * A slot carried out.
     *
     * @param slot        its index in the plan first executed
     * @param start       when the slot started
     * @param handledAt   when its commands were sent
     * @param afterReplan the replan whose new plan sent these commands (null for the slot's start)
     * @param commands    the states that changed in this slot and were sent (none when nothing changed)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExecutedSlot(int slot, Instant start, Instant handledAt, Integer afterReplan,
                               List<Command> commands) {
    }

    /**
     * One command sent through the command gateway and what became of it.
     *
     * @param state     the planned state: {@code on}, {@code off}, {@code charge}, {@code discharge}, {@code idle}
     * @param value     the JSON value sent
     * @param status    {@code sent} (waiting for the device), {@code confirmed} (the twin shows the value),
     *                  {@code not-confirmed} (not within the time limit) or {@code failed} (could not be sent)
     * @param detail    what was seen, in words (once settled)
     * @param settledAt when the outcome was known
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Command(String device, String thingId, String path, JsonNode value, String state, String status,
                          String detail, Instant settledAt) {
    }

    /**
     * One replan.
     *
     * @param reasons           what set it off (price update, a device switched outside the plan, a car plugged in)
     * @param fromSlot          the slot the new plan starts at, numbered as in the plan first executed
     * @param status            {@code applied} (its plan is carried out now) or {@code failed} (the plan before it
     *                          goes on; {@code error} says why)
     * @param carriedDecisions  run starts and battery levels taken over from the plan before (a warm start)
     * @param costBefore        the plan before, over the new horizon and under the new prices and states (null when
     *                          it does not cover everything the new problem asks, e.g. a car plugged in since)
     * @param costAfter         the new plan's cost over the same horizon
     * @param planStatus        the new plan's status ({@code feasible} or {@code infeasible})
     * @param brokenConstraints when infeasible: the hard constraints it breaks
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replan(int number, Instant at, List<String> reasons, Integer fromSlot, String status,
                         Integer carriedDecisions, Double costBefore, Double costAfter, String planStatus,
                         List<String> brokenConstraints, Long solveMillis, String error) {
    }
}
