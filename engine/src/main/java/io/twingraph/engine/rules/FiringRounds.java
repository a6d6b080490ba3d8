package io.twingraph.engine.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;

import io.twingraph.engine.rules.facts.Anomaly;

/**
 * One firing round over sessions: every session fires, the anomalies its rules raised are shown to every session, and
 * they fire again, at most {@link #ROUNDS} times (so anomaly rules that react to anomalies cannot go on forever).
 */
final class FiringRounds {
    static final int ROUNDS = 3;

    private FiringRounds() {
    }

    /**
     * @param decide turns one firing of a package into its decisions
     * @return the decisions of all rounds, in order
     */
    static List<Decision> fire(Collection<RuleSession> sessions, int limit,
                               BiFunction<CompiledPackage, Firing, List<Decision>> decide) {
        List<Decision> made = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Anomaly> raised = new ArrayList<>();
            for (RuleSession session : sessions) {
                for (Firing f : session.fire(limit)) {
                    made.addAll(decide.apply(session.pkg(), f));
                    raised.addAll(anomalies(f));
                }
            }
            if (raised.isEmpty()) {
                break;
            }
            for (RuleSession session : sessions) {
                raised.forEach(session::anomaly);
            }
        }
        return made;
    }

    private static List<Anomaly> anomalies(Firing f) {
        List<Anomaly> out = new ArrayList<>();
        for (Actions.Requested r : f.requested()) {
            if (r.kind() == Decision.Kind.ANOMALY) {
                out.add(new Anomaly(r.device(), r.key(), r.anomalyKind(), ((Number) r.value()).doubleValue(),
                        r.reason(), f.time()));
            }
        }
        return out;
    }
}
