package io.twingraph.engine.rules;

import java.util.List;

/**
 * One rule firing: the rule, the facts it matched, what its action asked for, and the error if the action threw.
 *
 * @param time rule-clock time of the firing, epoch milliseconds
 */
record Firing(String rule, List<Object> facts, List<Actions.Requested> requested, String error, long time) {
}
