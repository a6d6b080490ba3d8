package io.twingraph.nl.home;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
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
    private volatile long generation = -1;

    public HomeSource(TwinGraphEngine engine, SparqlService sparql) {
        this.engine = engine;
        this.reader = new HomeReader(sparql);
        engine.onCommitted(this::committed);
    }

    /** The home as of now: rebuilt when twins were created or deleted, or stored triples (the topology) changed. */
    public Home home() {
        long now = engine.graph().generation();
        if (stale.getAndSet(false) || now != generation) {
            synchronized (this) {
                generation = now;
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
