package io.twingraph.nl.home;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.ontology.Graphs;
import io.twingraph.twins.TwinEvent;

/**
 * The current {@link Home}, rebuilt only when what language refers to changed: a twin created, deleted or renamed
 * (anything but a feature property), or a topology graph replaced. Property values in the home are as of its last
 * rebuild; answers read live values through SPARQL.
 */
public final class HomeSource {
    private final TwinGraphEngine engine;
    private final HomeReader reader;
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private volatile Home home = Home.EMPTY;
    private volatile long topologySize = -1;
    private volatile long checkedAt;

    public HomeSource(TwinGraphEngine engine, SparqlService sparql) {
        this.engine = engine;
        this.reader = new HomeReader(sparql);
        engine.onCommitted(this::committed);
    }

    /** The home as of now (a topology imported through the graph store shows within two seconds). */
    public Home home() {
        long now = System.currentTimeMillis();
        long size = topologySize;
        if (now - checkedAt > 2000) {
            // counting the topology graphs is cheap but not free; imports are rare
            size = engine.graph().size(Graphs.TOPOLOGY) + engine.graph().size(Graphs.SIMULATED_TOPOLOGY);
            checkedAt = now;
        }
        if (stale.getAndSet(false) || size != topologySize) {
            synchronized (this) {
                topologySize = size;
                home = reader.read(engine.twins().all());
            }
        }
        return home;
    }

    private void committed(List<TwinEvent> events) {
        for (TwinEvent e : events) {
            if (e.before() == null || e.after() == null || !isPropertyPath(e.path().toString())) {
                stale.set(true);
                return;
            }
        }
    }

    /** Feature properties change all the time and don't change names or places. */
    private static boolean isPropertyPath(String path) {
        return path.startsWith("/features/") && (path.contains("/properties") || path.contains("/desiredProperties"));
    }
}
