package io.twingraph.engine.access;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.ontology.Brick;
import io.twingraph.ontology.Namespaces;
import io.twingraph.ontology.Saref;
import io.twingraph.ontology.TG;

/**
 * Which triples one caller sees, decided once per node (and per twin resource) for the length of one query:
 * <ol>
 * <li>A twin's IRI, or its part's (feature, point, observation), is visible when the caller may read something at
 * that part's resource path (Ditto: a caller who may read part of a thing sees its id). A triple with an invisible
 * subject or object is hidden: so a room's {@code brick:isLocationOf} an unreadable device goes too.</li>
 * <li>The twin's own statements ({@code ThingRdfMapping}'s header triples) follow the attribute or field they come
 * from: {@code rdfs:label} needs {@code /attributes/name}, {@code skos:altLabel} {@code /attributes/aliases},
 * {@code brick:hasLocation} {@code /attributes/location}, a Brick class {@code /attributes/class},
 * {@code tg:policyId} {@code /policyId}; {@code tg:attributes} (all attributes as JSON) needs all of
 * {@code /attributes}, {@code saref:hasState} (derived from some feature property) all of {@code /features}.</li>
 * <li>A decision ({@code https://twingraph.io/decision/...}) or planned slot ({@code https://twingraph.io/plan/...})
 * is visible only when every twin it names ({@code tg:target}, {@code prov:used}, {@code tg:forDevice}) is: its
 * reasons and matched facts speak of them.</li>
 * </ol>
 * Everything else (topology without twins, the vocabulary, literals) is visible. Not thread-safe: one per query.
 */
final class TripleRules {
    /** Where the planner puts plans and their slots (planners' PlanGraphWriter.PLAN_BASE; engine cannot see it). */
    static final String PLAN = "https://twingraph.io/plan/";
    private static final Node PROV_USED = NodeFactory.createURI(Namespaces.PROV + "used");
    private static final List<Node> LINKS_TO_TWINS = List.of(TG.target, PROV_USED, TG.forDevice);
    private static final Map<Node, JsonPointer> HEADER_PATHS = Map.of(
            RDFS.label.asNode(), JsonPointer.of("/attributes/name"),
            SKOS.altLabel.asNode(), JsonPointer.of("/attributes/aliases"),
            Brick.hasLocation, JsonPointer.of("/attributes/location"),
            TG.protocol, JsonPointer.of("/attributes/protocol"),
            TG.policyId, JsonPointer.of("/policyId"),
            TG.definition, JsonPointer.of("/definition"));
    private static final JsonPointer CLASS = JsonPointer.of("/attributes/class");
    private static final JsonPointer ATTRIBUTES = JsonPointer.of("/attributes");
    private static final JsonPointer FEATURES = JsonPointer.of("/features");
    private static final Node RDF_TYPE = RDF.type.asNode();

    private final ThingVisibility visibility;
    private final DatasetGraph unfiltered;
    /** What is known of each IRI met: whether it is visible and, for a twin's own IRI, its header decisions. */
    private final Map<Node, NodeFacts> nodes = new HashMap<>();
    private final Map<ThingId, ThingFacts> things = new HashMap<>();
    /** Thing ids by their IRI segment: Ditto's id check is a regular expression, worth doing once per twin. */
    private final Map<String, ThingId> thingIds = new HashMap<>();

    /**
     * @param unfiltered where a decision's or slot's links to twins are looked up
     */
    TripleRules(ThingVisibility visibility, DatasetGraph unfiltered) {
        this.visibility = visibility;
        this.unfiltered = unfiltered;
    }

    boolean visible(Triple triple) {
        NodeFacts subject = facts(triple.getSubject());
        if (!subject.visible) {
            return false;
        }
        NodeFacts object = facts(triple.getObject());
        if (!object.visible) {
            return false;
        }
        if (subject.thing == null || object.isTwinPart) {
            return true;
        }
        return subject.thing.header(triple.getPredicate(), triple.getObject());
    }

    boolean visible(Node node) {
        return facts(node).visible;
    }

    private NodeFacts facts(Node node) {
        if (!node.isURI()) {
            return NodeFacts.PLAIN;
        }
        NodeFacts known = nodes.get(node);
        if (known == null) {
            known = decide(node);
            nodes.put(node, known);
        }
        return known;
    }

    private NodeFacts decide(Node node) {
        String iri = node.getURI();
        if (iri.startsWith(Namespaces.THING)) {
            TwinPart part = TwinPart.of(node, thingIds);
            if (part != null) {
                ThingFacts thing = things.computeIfAbsent(part.thingId(), ThingFacts::new);
                boolean visible = part.path() == null ? thing.canReadAll(TwinPart.ROOT) : thing.canRead(part.path());
                return new NodeFacts(visible, true, part.isThing() ? thing : null);
            }
        } else if (iri.startsWith(Namespaces.DECISION) || iri.startsWith(PLAN)) {
            return linksVisible(node) ? NodeFacts.PLAIN : NodeFacts.HIDDEN;
        }
        return NodeFacts.PLAIN;
    }

    /** Whether every twin a decision or planned slot names is visible. */
    private boolean linksVisible(Node node) {
        for (Node link : LINKS_TO_TWINS) {
            var linked = unfiltered.getDefaultGraph().find(node, link, Node.ANY);
            try {
                while (linked.hasNext()) {
                    NodeFacts twin = facts(linked.next().getObject());
                    if (twin.isTwinPart && !twin.visible) {
                        return false;
                    }
                }
            } finally {
                linked.close();
            }
        }
        return true;
    }

    /**
     * @param visible    whether triples with this node are visible at all
     * @param isTwinPart whether the node is a twin's IRI or its part's
     * @param thing      for a twin's own IRI, its decisions; else null
     */
    private record NodeFacts(boolean visible, boolean isTwinPart, ThingFacts thing) {
        static final NodeFacts PLAIN = new NodeFacts(true, false, null);
        static final NodeFacts HIDDEN = new NodeFacts(false, false, null);
    }

    /** The decisions about one twin, each asked of the visibility once. */
    private final class ThingFacts {
        private final ThingId id;
        private final Map<JsonPointer, Boolean> readable = new HashMap<>();
        private final Map<JsonPointer, Boolean> readableAll = new HashMap<>();
        private final Map<Node, Boolean> headers = new HashMap<>();

        ThingFacts(ThingId id) {
            this.id = id;
        }

        boolean canRead(JsonPointer path) {
            return decide(path, false);
        }

        boolean canReadAll(JsonPointer path) {
            return decide(path, true);
        }

        /**
         * Walks from the root down to {@code path}: a level the caller may read in full, or not at all, decides
         * everything below it. So a twin readable whole (or not at all) costs one or two policy checks, not one per
         * point and observation.
         */
        private boolean decide(JsonPointer path, boolean all) {
            JsonPointer level = TwinPart.ROOT;
            Iterator<JsonKey> keys = path.iterator();
            while (true) {
                if (readableAll(level)) {
                    return true;
                }
                if (!readable(level)) {
                    return false;
                }
                if (!keys.hasNext()) {
                    return !all; // something, but not all, is readable here
                }
                level = level.addLeaf(keys.next());
            }
        }

        private boolean readable(JsonPointer path) {
            return readable.computeIfAbsent(path, p -> visibility.canRead(id, p));
        }

        private boolean readableAll(JsonPointer path) {
            return readableAll.computeIfAbsent(path, p -> visibility.canReadAll(id, p));
        }

        /** A twin's statement about itself: visible when the attribute or field it comes from is. */
        boolean header(Node predicate, Node object) {
            if (predicate.equals(RDF_TYPE) && (object.equals(TG.Thing) || object.equals(Saref.Device))) {
                return true;
            }
            Boolean known = headers.get(predicate);
            if (known == null) {
                known = decideHeader(predicate);
                headers.put(predicate, known);
            }
            return known;
        }

        private boolean decideHeader(Node predicate) {
            if (predicate.equals(RDF_TYPE)) {
                return canRead(CLASS);
            }
            if (predicate.equals(TG.attributes)) {
                return canReadAll(ATTRIBUTES);
            }
            if (predicate.equals(Saref.hasState)) {
                return canReadAll(FEATURES);
            }
            JsonPointer path = HEADER_PATHS.get(predicate);
            // anything else said of the twin (its id, revision, topology statements) goes with the twin itself
            return path == null || canRead(path);
        }
    }
}
