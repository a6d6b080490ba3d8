package io.twingraph.engine.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.kie.api.KieServices;

import io.twingraph.engine.rules.facts.Anomaly;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.engine.rules.facts.Room;

/**
 * One package's running session: STREAM mode on a pseudo clock that the runtime moves with event time (so a replay
 * fires the same rules at the same rule times), facts kept in step with the {@link World}, and firings collected
 * with their matched facts and requested actions. A rule whose action throws is recorded as a failed firing and the
 * others go on; a rule that fires more than the limit in one round is disabled and reported.
 */
final class RuleSession implements AutoCloseable {
    private final CompiledPackage pkg;
    private final KieSession session;
    private final SessionPseudoClock clock;
    private final Actions actions = new Actions();
    private final Map<String, FactHandle> devices = new HashMap<>();
    private final Map<String, FactHandle> rooms = new HashMap<>();
    private final Map<String, FactHandle> goals = new HashMap<>();
    private final List<FactHandle> prices = new ArrayList<>();
    private final Map<String, String> disabled = new LinkedHashMap<>();
    private final List<Firing> firings = new ArrayList<>();
    /** Packages that never mention readings do not get them: they would only sit in memory until they expire. */
    private final boolean usesReadings;
    private String currentRule;
    private List<Object> currentFacts = List.of();

    RuleSession(CompiledPackage pkg, GraphContext graph, long startMillis) {
        this.pkg = pkg;
        this.usesReadings = pkg.drl().contains("Reading");
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        this.session = pkg.kieBase().newKieSession(conf, null);
        this.clock = session.getSessionClock();
        if (pkg.globals().contains("act")) {
            session.setGlobal("act", actions);
        }
        if (pkg.globals().contains("graph")) {
            session.setGlobal("graph", graph);
        }
        clock.advanceTime(Math.max(0, startMillis), TimeUnit.MILLISECONDS);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                currentRule = event.getMatch().getRule().getName();
                currentFacts = List.copyOf(event.getMatch().getObjects());
                actions.drain();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firings.add(new Firing(currentRule, currentFacts, actions.drain(), null, clock.getCurrentTime()));
                currentRule = null;
            }
        });
    }

    CompiledPackage pkg() {
        return pkg;
    }

    /** Rules stopped by the firing limit, with the reason. */
    Map<String, String> disabled() {
        return Map.copyOf(disabled);
    }

    /** Inserts everything the world holds now (a new or replaced session). */
    void seed(World world) {
        world.devices().values().forEach(this::upsert);
        world.rooms().values().forEach(this::upsert);
        world.goals().values().forEach(this::goal);
        prices(world.prices());
    }

    void apply(World.Change change) {
        for (String id : change.removed()) {
            FactHandle h = devices.remove(id);
            if (h != null) {
                session.delete(h);
            }
        }
        change.devices().forEach(this::upsert);
        change.rooms().forEach(this::upsert);
        if (usesReadings) {
            change.readings().forEach(session::insert);
        }
    }

    void goal(Goal goal) {
        FactHandle h = goals.get(goal.id());
        if (h == null) {
            goals.put(goal.id(), session.insert(goal));
        } else {
            session.update(h, goal);
        }
    }

    void removeGoal(String id) {
        FactHandle h = goals.remove(id);
        if (h != null) {
            session.delete(h);
        }
    }

    void prices(List<PriceSlot> slots) {
        prices.forEach(session::delete);
        prices.clear();
        slots.forEach(s -> prices.add(session.insert(s)));
    }

    void anomaly(Anomaly anomaly) {
        session.insert(anomaly);
    }

    /** Moves the rule clock forward to the given time; it never goes back. */
    void advanceTo(long millis) {
        long delta = millis - clock.getCurrentTime();
        if (delta > 0) {
            clock.advanceTime(delta, TimeUnit.MILLISECONDS);
        }
    }

    long now() {
        return clock.getCurrentTime();
    }

    /**
     * Fires what is due, at most {@code limit} firings in all.
     *
     * @return the firings in order; failed ones carry the error; a rule over the limit is disabled and reported as a
     *         failed firing naming it
     */
    List<Firing> fire(int limit) {
        firings.clear();
        Map<String, Integer> counts = new HashMap<>();
        int budget = limit;
        while (budget > 0) {
            int fired;
            try {
                fired = session.fireAllRules(match -> !disabled.containsKey(match.getRule().getName()), budget);
            } catch (ConsequenceException e) {
                String rule = e.getMatch() != null ? e.getMatch().getRule().getName() : String.valueOf(currentRule);
                actions.drain();
                firings.add(new Firing(rule, currentFacts, List.of(), rootMessage(e), clock.getCurrentTime()));
                currentRule = null;
                budget -= 1;
                continue;
            }
            budget -= fired;
            if (budget > 0) {
                break;
            }
        }
        for (Firing f : firings) {
            counts.merge(f.rule(), 1, Integer::sum);
        }
        if (budget <= 0) {
            String worst = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                    .orElse("?");
            String reason = "Rule '" + worst + "' fired " + counts.getOrDefault(worst, 0) + " times in one round (limit "
                    + limit + " firings) and was stopped: it probably re-triggers itself. Fix it and upload the package again.";
            disabled.put(worst, reason);
            firings.add(new Firing(worst, List.of(), List.of(), reason, clock.getCurrentTime()));
        }
        return List.copyOf(firings);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private void upsert(Device d) {
        FactHandle h = devices.get(d.id());
        if (h == null) {
            devices.put(d.id(), session.insert(d));
        } else {
            session.update(h, d);
        }
    }

    private void upsert(Room r) {
        FactHandle h = rooms.get(r.iri());
        if (h == null) {
            rooms.put(r.iri(), session.insert(r));
        } else {
            session.update(h, r);
        }
    }

    @Override
    public void close() {
        session.dispose();
    }
}
