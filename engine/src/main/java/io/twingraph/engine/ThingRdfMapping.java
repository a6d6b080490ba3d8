package io.twingraph.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingBuilder;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

import io.twingraph.ontology.Brick;
import io.twingraph.ontology.PointTypes;
import io.twingraph.ontology.Saref;
import io.twingraph.ontology.Sosa;
import io.twingraph.ontology.TG;

/**
 * The one mapping between a twin and RDF, both ways.
 *
 * <h2>Twin to triples ({@link #toTriples})</h2>
 * <pre>
 * thing:ns:name  a tg:Thing, saref:Device, brick:&lt;class attribute&gt; ;
 *     tg:thingId "ns:name" ; tg:policyId "..." ; tg:definition "..." ;
 *     rdfs:label "&lt;name attribute&gt;" ; skos:altLabel "&lt;each alias&gt;" ;
 *     brick:hasLocation &lt;location attribute&gt; ; tg:protocol "plain|ditto" ;
 *     tg:attributes "&lt;all attributes&gt;"^^rdf:JSON ;
 *     saref:hasState saref:OnState|OffState|OpenState|CloseState ;   (from on/open-like properties)
 *     tg:hasFeature &lt;.../features/f&gt; ; brick:hasPoint &lt;.../features/f/properties/p&gt; .
 * &lt;.../features/f&gt; a tg:Feature ; tg:featureId "f" ; tg:definition "[...]"^^rdf:JSON .
 * &lt;.../features/f/properties/p&gt; a brick:&lt;point class&gt; ; brick:isPointOf thing ; tg:ofFeature &lt;feature&gt; ;
 *     tg:propertyPath "/p" ; brick:hasUnit unit:... ; brick:lastKnownValue &lt;...#obs&gt; .
 * &lt;...#obs&gt; a sosa:Observation ; sosa:observedProperty &lt;point&gt; ; sosa:madeBySensor thing ;
 *     sosa:hasSimpleResult &lt;value&gt; .
 * </pre>
 * Every leaf of a feature's properties (a scalar, an array, or an empty object) is one point; desired properties are
 * points too, typed only {@code brick:Point} and marked {@code tg:desired true}. JSON strings, booleans, integers and
 * decimals become {@code xsd:string}, {@code xsd:boolean}, {@code xsd:integer} and {@code xsd:decimal} literals; arrays,
 * empty objects and null become {@code rdf:JSON}. The twin's revision and modification time ({@link #versionTriples})
 * and each observation's {@code sosa:resultTime} are kept apart: they change on every update.
 *
 * <h2>Triples to twin ({@link #fromGraph})</h2>
 * Reads back the thing id, policy id, definition, attributes, features with definitions, properties and desired
 * properties, revision and modification time. {@code fromGraph(g, toTriples(t))} equals {@code t}.
 */
public final class ThingRdfMapping {
    private ThingRdfMapping() {
    }

    /** All triples of a twin except its version triples and observation times. */
    public static Set<Triple> toTriples(Thing thing) {
        Set<Triple> triples = headerTriples(thing);
        thing.getFeatures().ifPresent(fs -> fs.forEach(f -> triples.addAll(featureTriples(thing, f.getId()))));
        return triples;
    }

    /** Triples about the twin itself (type, names, location, attributes, definition, policy). */
    public static Set<Triple> headerTriples(Thing thing) {
        ThingId id = thing.getEntityId().orElseThrow();
        Node s = TwinIris.thing(id);
        Set<Triple> t = new HashSet<>();
        t.add(Triple.create(s, RDF.type.asNode(), TG.Thing));
        t.add(Triple.create(s, RDF.type.asNode(), Saref.Device));
        t.add(Triple.create(s, TG.thingId, NodeFactory.createLiteralString(id.toString())));
        thing.getPolicyId().ifPresent(p -> t.add(Triple.create(s, TG.policyId, NodeFactory.createLiteralString(p.toString()))));
        thing.getDefinition().ifPresent(d -> t.add(Triple.create(s, TG.definition, NodeFactory.createLiteralString(d.toString()))));
        thing.getAttributes().ifPresent(attributes -> {
            t.add(Triple.create(s, TG.attributes, json(attributes)));
            string(attributes, "name").ifPresent(n -> t.add(Triple.create(s, RDFS.label.asNode(), NodeFactory.createLiteralString(n))));
            attributes.getValue("aliases").filter(JsonValue::isArray).ifPresent(a -> a.asArray().stream()
                    .filter(JsonValue::isString)
                    .forEach(alias -> t.add(Triple.create(s, SKOS.altLabel.asNode(), NodeFactory.createLiteralString(alias.asString())))));
            string(attributes, "class").flatMap(PointTypes::resolveClass)
                    .ifPresent(c -> t.add(Triple.create(s, RDF.type.asNode(), c)));
            string(attributes, "location").filter(ThingRdfMapping::isAbsoluteIri)
                    .ifPresent(l -> t.add(Triple.create(s, Brick.hasLocation, NodeFactory.createURI(l))));
            string(attributes, "protocol").ifPresent(p -> t.add(Triple.create(s, TG.protocol, NodeFactory.createLiteralString(p))));
        });
        return t;
    }

    /** Triples of one feature: the feature node, its points, their latest observations and derived states. */
    public static Set<Triple> featureTriples(Thing thing, String featureId) {
        Set<Triple> t = new HashSet<>();
        Feature feature = thing.getFeatures().flatMap(fs -> fs.getFeature(featureId)).orElse(null);
        if (feature == null) {
            return t;
        }
        ThingId id = thing.getEntityId().orElseThrow();
        Node s = TwinIris.thing(id);
        Node f = TwinIris.feature(id, featureId);
        t.add(Triple.create(s, TG.hasFeature, f));
        t.add(Triple.create(f, RDF.type.asNode(), TG.Feature));
        t.add(Triple.create(f, TG.featureId, NodeFactory.createLiteralString(featureId)));
        feature.getDefinition().ifPresent(d -> t.add(Triple.create(f, TG.definition, json(d.toJson()))));
        feature.getProperties().ifPresent(p -> forEachLeaf(p, JsonPointer.empty(),
                (path, value) -> addPoint(t, s, id, f, featureId, path, value, false)));
        feature.getDesiredProperties().ifPresent(p -> forEachLeaf(p, JsonPointer.empty(),
                (path, value) -> addPoint(t, s, id, f, featureId, path, value, true)));
        return t;
    }

    /** The twin's revision and modification time. */
    public static List<Triple> versionTriples(Thing thing) {
        Node s = TwinIris.thing(thing.getEntityId().orElseThrow());
        List<Triple> t = new ArrayList<>(2);
        thing.getRevision().ifPresent(r -> t.add(Triple.create(s, TG.revision,
                NodeFactory.createLiteralDT(Long.toString(r.toLong()), XSDDatatype.XSDlong))));
        thing.getModified().ifPresent(m -> t.add(Triple.create(s, TG.modified, dateTime(m))));
        return t;
    }

    /** An {@code xsd:dateTime} literal. */
    public static Node dateTime(Instant instant) {
        return NodeFactory.createLiteralDT(instant.toString(), XSDDatatype.XSDdateTime);
    }

    private static void addPoint(Set<Triple> t, Node s, ThingId id, Node f, String featureId, JsonPointer path,
                                 JsonValue value, boolean desired) {
        Node p = TwinIris.point(id, featureId, path, desired);
        Node o = TwinIris.observation(p);
        PointTypes.PointType type = PointTypes.of(featureId, path.toString());
        t.add(Triple.create(s, Brick.hasPoint, p));
        t.add(Triple.create(p, Brick.isPointOf, s));
        t.add(Triple.create(p, RDF.type.asNode(), desired ? Brick.Point : type.brickClass()));
        t.add(Triple.create(p, TG.ofFeature, f));
        t.add(Triple.create(p, TG.propertyPath, NodeFactory.createLiteralString(path.toString())));
        if (desired) {
            t.add(Triple.create(p, TG.desired, NodeFactory.createLiteralDT("true", XSDDatatype.XSDboolean)));
        } else {
            type.unit().ifPresent(u -> t.add(Triple.create(p, Brick.hasUnit, u)));
            state(type.state(), value).ifPresent(state -> t.add(Triple.create(s, Saref.hasState, state)));
        }
        t.add(Triple.create(p, Brick.lastKnownValue, o));
        t.add(Triple.create(o, RDF.type.asNode(), Sosa.Observation));
        t.add(Triple.create(o, Sosa.observedProperty, p));
        t.add(Triple.create(o, Sosa.madeBySensor, s));
        t.add(Triple.create(o, Sosa.hasSimpleResult, literal(value)));
    }

    private static Optional<Node> state(PointTypes.StateKind kind, JsonValue value) {
        if (!value.isBoolean() || kind == PointTypes.StateKind.NONE) {
            return Optional.empty();
        }
        boolean b = value.asBoolean();
        return Optional.of(kind == PointTypes.StateKind.ON_OFF ? (b ? Saref.OnState : Saref.OffState)
                : (b ? Saref.OpenState : Saref.CloseState));
    }

    /** Calls {@code action} for every leaf: a scalar, an array, or an empty object. */
    static void forEachLeaf(JsonObject object, JsonPointer at, LeafAction action) {
        for (var field : object) {
            JsonPointer path = at.addLeaf(field.getKey());
            JsonValue value = field.getValue();
            if (value.isObject() && !value.asObject().isEmpty()) {
                forEachLeaf(value.asObject(), path, action);
            } else {
                action.accept(path, value);
            }
        }
    }

    @FunctionalInterface
    interface LeafAction {
        void accept(JsonPointer path, JsonValue value);
    }

    /** The RDF literal of a JSON value. */
    public static Node literal(JsonValue value) {
        if (value.isString()) {
            return NodeFactory.createLiteralString(value.asString());
        }
        if (value.isBoolean()) {
            return NodeFactory.createLiteralDT(Boolean.toString(value.asBoolean()), XSDDatatype.XSDboolean);
        }
        if (value.isNumber()) {
            if (value.isLong()) {
                return NodeFactory.createLiteralDT(Long.toString(value.asLong()), XSDDatatype.XSDinteger);
            }
            // xsd:decimal, not xsd:double: TDB2 stores doubles by value and answers 2.15E1 for 21.5
            return NodeFactory.createLiteralDT(new java.math.BigDecimal(value.toString()).toPlainString(),
                    XSDDatatype.XSDdecimal);
        }
        return json(value);
    }

    /** The JSON value of an RDF literal written by {@link #literal}. */
    public static JsonValue jsonValue(Node literal) {
        String lex = literal.getLiteralLexicalForm();
        String dt = literal.getLiteralDatatypeURI();
        if (RDF.dtRDFJSON.getURI().equals(dt)) {
            return JsonFactory.readFrom(lex);
        }
        if (XSDDatatype.XSDboolean.getURI().equals(dt)) {
            return JsonValue.of(Boolean.parseBoolean(lex));
        }
        if (XSDDatatype.XSDinteger.getURI().equals(dt) || XSDDatatype.XSDlong.getURI().equals(dt)
                || XSDDatatype.XSDint.getURI().equals(dt)) {
            long l = Long.parseLong(lex);
            return l == (int) l ? JsonValue.of((int) l) : JsonValue.of(l);
        }
        if (XSDDatatype.XSDdouble.getURI().equals(dt) || XSDDatatype.XSDdecimal.getURI().equals(dt)
                || XSDDatatype.XSDfloat.getURI().equals(dt)) {
            return JsonValue.of(Double.parseDouble(lex));
        }
        return JsonValue.of(lex);
    }

    private static Node json(JsonValue value) {
        return NodeFactory.createLiteralDT(value.toString(), RDF.dtRDFJSON);
    }

    private static Optional<String> string(JsonObject object, String key) {
        return object.getValue(key).filter(JsonValue::isString).map(JsonValue::asString);
    }

    private static boolean isAbsoluteIri(String s) {
        return s.matches("[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|\\\\^`]+");
    }

    /**
     * Reads a twin back from a graph holding its triples (the live graph, or {@link #toTriples} plus
     * {@link #versionTriples}); empty when the graph has no twin with that IRI.
     */
    public static Optional<Thing> fromGraph(Graph graph, Node thingIri) {
        Optional<String> thingId = object(graph, thingIri, TG.thingId).map(Node::getLiteralLexicalForm);
        if (thingId.isEmpty()) {
            return Optional.empty();
        }
        ThingBuilder.FromScratch b = ThingsModelFactory.newThingBuilder().setId(ThingId.of(thingId.get()));
        object(graph, thingIri, TG.policyId).ifPresent(p -> b.setPolicyId(
                org.eclipse.ditto.policies.model.PolicyId.of(p.getLiteralLexicalForm())));
        object(graph, thingIri, TG.definition).ifPresent(d -> b.setDefinition(
                ThingsModelFactory.newDefinition(d.getLiteralLexicalForm())));
        object(graph, thingIri, TG.attributes).ifPresent(a -> b.setAttributes(
                ThingsModelFactory.newAttributes(JsonFactory.newObject(a.getLiteralLexicalForm()))));
        object(graph, thingIri, TG.revision).ifPresent(r -> b.setRevision(Long.parseLong(r.getLiteralLexicalForm())));
        object(graph, thingIri, TG.modified).ifPresent(m -> b.setModified(Instant.parse(m.getLiteralLexicalForm())));
        graph.find(thingIri, TG.hasFeature, Node.ANY).forEachRemaining(ft -> b.setFeature(readFeature(graph, ft.getObject())));
        return Optional.of(b.build());
    }

    private static Feature readFeature(Graph graph, Node f) {
        String featureId = object(graph, f, TG.featureId).orElseThrow().getLiteralLexicalForm();
        JsonObject[] properties = {null};
        JsonObject[] desired = {null};
        graph.find(Node.ANY, TG.ofFeature, f).forEachRemaining(pt -> {
            Node p = pt.getSubject();
            JsonPointer path = JsonPointer.of(object(graph, p, TG.propertyPath).orElseThrow().getLiteralLexicalForm());
            JsonValue value = object(graph, p, Brick.lastKnownValue)
                    .flatMap(o -> object(graph, o, Sosa.hasSimpleResult))
                    .map(ThingRdfMapping::jsonValue).orElse(JsonValue.nullLiteral());
            boolean isDesired = graph.contains(p, TG.desired, Node.ANY);
            JsonObject[] target = isDesired ? desired : properties;
            target[0] = (target[0] == null ? JsonObject.empty() : target[0]).setValue(path, value);
        });
        var fb = ThingsModelFactory.newFeatureBuilder().properties(
                properties[0] == null ? null : ThingsModelFactory.newFeatureProperties(properties[0]));
        if (desired[0] != null) {
            fb = fb.desiredProperties(ThingsModelFactory.newFeatureProperties(desired[0]));
        }
        Optional<Node> definition = object(graph, f, TG.definition);
        if (definition.isPresent()) {
            fb = fb.definition(ThingsModelFactory.newFeatureDefinition(
                    JsonFactory.readFrom(definition.get().getLiteralLexicalForm()).asArray()));
        }
        return fb.withId(featureId).build();
    }

    private static Optional<Node> object(Graph graph, Node s, Node p) {
        var it = graph.find(s, p, Node.ANY);
        try {
            return it.hasNext() ? Optional.of(it.next().getObject()) : Optional.empty();
        } finally {
            it.close();
        }
    }

}
