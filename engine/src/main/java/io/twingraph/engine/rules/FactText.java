package io.twingraph.engine.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.twingraph.engine.rules.facts.Anomaly;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.engine.rules.facts.Reading;
import io.twingraph.engine.rules.facts.Room;

/** Matched facts as the lines people read in a decision, and the thing ids among them. */
final class FactText {
    private FactText() {
    }

    static String describe(Object fact) {
        if (fact instanceof Device d) {
            return "Device " + d.id() + " (" + d.name() + (d.roomName().isEmpty() ? "" : ", " + d.roomName())
                    + ") at revision " + d.revision();
        }
        if (fact instanceof Reading r) {
            return "Reading " + r.device() + " " + r.key() + " = " + r.value() + " at " + Instant.ofEpochMilli(r.time());
        }
        if (fact instanceof Room r) {
            return "Room " + (r.name().isEmpty() ? r.iri() : r.name()) + (r.occupied() ? " occupied" : " empty")
                    + " since " + Instant.ofEpochMilli(r.since());
        }
        if (fact instanceof Goal g) {
            // who set it stays with the decisions that pursue it: a person's erasure finds them by it
            return "Goal " + g.id() + ": " + g.quantity() + " " + g.target() + " in " + g.room() + " (" + g.when()
                    + "), set by " + g.source();
        }
        if (fact instanceof PriceSlot p) {
            return "Price " + p.price() + " from " + Instant.ofEpochMilli(p.start()) + " to " + Instant.ofEpochMilli(p.end())
                    + (p.peak() ? " (peak)" : "");
        }
        if (fact instanceof Anomaly a) {
            return "Anomaly " + a.kind() + " of " + a.device() + " " + a.key() + " = " + a.value() + " at "
                    + Instant.ofEpochMilli(a.time());
        }
        return String.valueOf(fact);
    }

    static List<String> devices(List<Object> facts) {
        List<String> ids = new ArrayList<>();
        for (Object fact : facts) {
            String id = fact instanceof Device d ? d.id() : fact instanceof Reading r ? r.device()
                    : fact instanceof Anomaly a ? a.device() : null;
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
