package io.twingraph.api.rules;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.DecisionLog;

/** A decision as the API shows it: kinds and statuses in the words the decisions graph uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DecisionView(String id, String iri, String pkg, int version, String rule, Instant time, String kind,
                    String reason, List<String> matched, List<String> devices, Decision.Command command,
                    String severity, String status, String detail) {

    static DecisionView of(Decision d) {
        return new DecisionView(d.id(), DecisionLog.iri(d.id()).getURI(), d.pkg(), d.version(), d.rule(), d.time(),
                DecisionLog.kind(d.kind()), d.reason(), d.matched(), d.devices(), d.command(), d.severity(),
                DecisionLog.status(d.status()), d.detail());
    }

    static List<DecisionView> of(List<Decision> decisions) {
        return decisions.stream().map(DecisionView::of).toList();
    }
}
