package io.twingraph.engine.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
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

    private final ThingVisibility visibility;
    private final DatasetGraph unfiltered;
    private final Map<Node, Boolean> nodes = new HashMap<>();
    private final Map<Node, TwinPart> twinParts = new HashMap<>();
    private final Map<Decision, Boolean> decisions = new HashMap<>();

    /**
     * @param unfiltered where a decision's or slot's links to twins are looked up
     */
    TripleRules(ThingVisibility visibility, DatasetGraph unfiltered) {
        this.visibility = visibility;
        this.unfiltered = unfiltered;
    }

    boolean visible(Triple triple) {
        Node subject = triple.getSubject();
        Node object = triple.getObject();
        if (!visible(subject) || !visible(object)) {
            return false;
        }
        TwinPart part = part(subject);
        if (part == null || !part.isThing() || part(object) != null) {
            return true;
        }
        return headerVisible(part.thingId(), triple.getPredicate(), object);
    }

    boolean visible(Node node) {
        if (!node.isURI()) {
            return true;
        }
        Boolean known = nodes.get(node);
        if (known == null) {
            known = decide(node);
            nodes.put(node, known);
        }
        return known;
    }

    private boolean decide(Node node) {
        TwinPart part = part(node);
        if (part != null) {
            return part.path() == null ? canReadAll(part.thingId(), TwinPart.ROOT) : canRead(part.thingId(), part.path());
        }
        String iri = node.getURI();
        if (iri.startsWith(Namespaces.DECISION) || iri.startsWith(PLAN)) {
            for (Node link : LINKS_TO_TWINS) {
                var linked = unfiltered.getDefaultGraph().find(node, link, Node.ANY);
                try {
                    while (linked.hasNext()) {
                        Node twin = linked.next().getObject();
                        if (part(twin) != null && !visible(twin)) {
                            return false;
                        }
                    }
                } finally {
                    linked.close();
                }
            }
        }
        return true;
    }

    /** A twin's statement about itself: visible when the attribute or field it comes from is. */
    private boolean headerVisible(ThingId thing, Node predicate, Node object) {
        if (predicate.equals(RDF.type.asNode())) {
            return object.equals(TG.Thing) || object.equals(Saref.Device) || canRead(thing, CLASS);
        }
        if (predicate.equals(TG.attributes)) {
            return canReadAll(thing, ATTRIBUTES);
        }
        if (predicate.equals(Saref.hasState)) {
            return canReadAll(thing, FEATURES);
        }
        JsonPointer path = HEADER_PATHS.get(predicate);
        // anything else said of the twin (its id, revision, topology statements) goes with the twin itself
        return path == null || canRead(thing, path);
    }

    private TwinPart part(Node node) {
        if (!node.isURI() || !node.getURI().startsWith(Namespaces.THING)) {
            return null;
        }
        return twinParts.computeIfAbsent(node, TwinPart::of);
    }

    private boolean canRead(ThingId thing, JsonPointer path) {
        return decisions.computeIfAbsent(new Decision(thing, path, false), d -> visibility.canRead(thing, path));
    }

    private boolean canReadAll(ThingId thing, JsonPointer path) {
        return decisions.computeIfAbsent(new Decision(thing, path, true), d -> visibility.canReadAll(thing, path));
    }

    private record Decision(ThingId thing, JsonPointer path, boolean all) {
    }
}
