package io.twingraph.engine.graph;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NullIterator;
import org.apache.jena.util.iterator.WrappedIterator;

import com.github.andrewoma.dexx.collection.HashMap;
import com.github.andrewoma.dexx.collection.Pair;

import io.twingraph.engine.LiveChange;

/**
 * The current values of the live graph: for each of {@link LiveChange#VALUE_PREDICATES}, a persistent (immutable)
 * map from subject to object. Every change makes a new snapshot sharing almost everything with the old one, so the
 * writer replaces one value in microseconds and a query reads one consistent snapshot for as long as it runs.
 */
final class LiveValues {
    static final LiveValues EMPTY = new LiveValues(emptyMaps());

    private final List<HashMap<Node, Node>> byPredicate;

    private LiveValues(List<HashMap<Node, Node>> byPredicate) {
        this.byPredicate = byPredicate;
    }

    private static List<HashMap<Node, Node>> emptyMaps() {
        List<HashMap<Node, Node>> maps = new ArrayList<>();
        for (int i = 0; i < LiveChange.VALUE_PREDICATES.size(); i++) {
            maps.add(HashMap.empty());
        }
        return List.copyOf(maps);
    }

    /** A new snapshot with the clears and sets of {@code change} applied. */
    LiveValues apply(LiveChange change) {
        List<HashMap<Node, Node>> maps = new ArrayList<>(byPredicate);
        for (Triple t : change.valuesCleared()) {
            int i = index(t.getPredicate());
            maps.set(i, maps.get(i).remove(t.getSubject()));
        }
        for (Triple t : change.valuesSet()) {
            int i = index(t.getPredicate());
            maps.set(i, maps.get(i).put(t.getSubject(), t.getObject()));
        }
        return new LiveValues(List.copyOf(maps));
    }

    long size() {
        return byPredicate.stream().mapToLong(HashMap::size).sum();
    }

    /** This snapshot as a read-only graph. */
    GraphBase asGraph() {
        return new ValuesGraph(this);
    }

    private static int index(Node predicate) {
        int i = LiveChange.VALUE_PREDICATES.indexOf(predicate);
        if (i < 0) {
            throw new IllegalArgumentException("not a value predicate: " + predicate);
        }
        return i;
    }

    /**
     * Triples matching the pattern, produced lazily: a bound subject is a lookup per predicate, an unbound one a
     * walk over that predicate's map (queries normally bind the subject, e.g. through brick:lastKnownValue).
     */
    private ExtendedIterator<Triple> find(Node s, Node p, Node o) {
        ExtendedIterator<Triple> result = NullIterator.instance();
        for (int i = 0; i < byPredicate.size(); i++) {
            Node predicate = LiveChange.VALUE_PREDICATES.get(i);
            if (p.isConcrete() && !p.equals(predicate)) {
                continue;
            }
            HashMap<Node, Node> map = byPredicate.get(i);
            if (s.isConcrete()) {
                Node object = map.get(s);
                if (object != null && (!o.isConcrete() || o.equals(object))) {
                    result = result.andThen(WrappedIterator.create(List.of(Triple.create(s, predicate, object)).iterator()));
                }
            } else {
                Iterator<Pair<Node, Node>> entries = map.iterator();
                ExtendedIterator<Triple> all = WrappedIterator.create(entries)
                        .mapWith(e -> Triple.create(e.component1(), predicate, e.component2()));
                result = result.andThen(o.isConcrete() ? all.filterKeep(t -> o.equals(t.getObject())) : all);
            }
        }
        return result;
    }

    /** A read-only view of one snapshot. */
    private static final class ValuesGraph extends GraphBase {
        private final LiveValues values;

        ValuesGraph(LiveValues values) {
            this.values = values;
        }

        @Override
        protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
            return values.find(pattern.getMatchSubject() == null ? Node.ANY : pattern.getSubject(),
                    pattern.getMatchPredicate() == null ? Node.ANY : pattern.getPredicate(),
                    pattern.getMatchObject() == null ? Node.ANY : pattern.getObject());
        }

        @Override
        protected int graphBaseSize() {
            return (int) Math.min(Integer.MAX_VALUE, values.size());
        }

        @Override
        public boolean isEmpty() {
            return values.size() == 0;
        }
    }
}
