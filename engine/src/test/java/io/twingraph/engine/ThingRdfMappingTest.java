package io.twingraph.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.Lang;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;

import io.twingraph.ontology.Brick;
import io.twingraph.ontology.Saref;
import io.twingraph.ontology.Sosa;
import io.twingraph.ontology.TG;

class ThingRdfMappingTest {

    private static Graph graphOf(Thing thing) {
        Graph g = GraphFactory.createDefaultGraph();
        ThingRdfMapping.toTriples(thing).forEach(g::add);
        ThingRdfMapping.versionTriples(thing).forEach(g::add);
        return g;
    }

    private static Thing versioned(Thing t) {
        return t.toBuilder().setRevision(7).setModified(java.time.Instant.parse("2026-03-01T12:00:00Z")).build();
    }

    @Test
    void aTwinReadBackFromItsTriplesEqualsTheTwin() {
        Thing lamp = versioned(TestThings.kitchenLight(true));

        Thing back = ThingRdfMapping.fromGraph(graphOf(lamp), TwinIris.thing(ThingId.of("home1:kitchen-light"))).orElseThrow();

        assertThat(back.toJson()).isEqualTo(lamp.toJson());
        assertThat(back.getRevision()).isEqualTo(lamp.getRevision());
        assertThat(back.getModified()).isEqualTo(lamp.getModified());
    }

    @Test
    void namesClassLocationAndStateBecomeTheirStandardTerms() {
        Set<Triple> t = ThingRdfMapping.toTriples(TestThings.kitchenLight(true));
        Node s = TwinIris.thing(ThingId.of("home1:kitchen-light"));

        assertThat(t).contains(
                Triple.create(s, RDF.type.asNode(), Brick.term("Luminaire")),
                Triple.create(s, RDF.type.asNode(), Saref.Device),
                Triple.create(s, RDFS.label.asNode(), NodeFactory.createLiteralString("Kitchen light")),
                Triple.create(s, SKOS.altLabel.asNode(), NodeFactory.createLiteralString("kitchen lamp")),
                Triple.create(s, Brick.hasLocation, NodeFactory.createURI(TestThings.KITCHEN)),
                Triple.create(s, Saref.hasState, Saref.OnState));
        assertThat(ThingRdfMapping.toTriples(TestThings.kitchenLight(false)))
                .contains(Triple.create(s, Saref.hasState, Saref.OffState));
    }

    @Test
    void eachPropertyIsABrickPointWithItsLatestObservation() {
        Set<Triple> t = ThingRdfMapping.toTriples(TestThings.kitchenSensor(21.5));
        ThingId id = ThingId.of("home1:kitchen-sensor");
        Node point = TwinIris.point(id, "environment", JsonPointer.of("/temperature"), false);
        Node obs = TwinIris.observation(point);

        assertThat(t).contains(
                Triple.create(TwinIris.thing(id), Brick.hasPoint, point),
                Triple.create(point, RDF.type.asNode(), Brick.term("Air_Temperature_Sensor")),
                Triple.create(point, Brick.hasUnit, NodeFactory.createURI("http://qudt.org/vocab/unit/DEG_C")),
                Triple.create(point, Brick.lastKnownValue, obs),
                Triple.create(obs, RDF.type.asNode(), Sosa.Observation),
                Triple.create(obs, Sosa.hasSimpleResult, ThingRdfMapping.literal(JsonValue.of(21.5))));
        assertThat(ThingRdfMapping.literal(JsonValue.of(21.5)).getLiteralLexicalForm()).isEqualTo("21.5");
    }

    @Test
    void desiredPropertiesArePlainPointsMarkedDesired() {
        ThingId id = ThingId.of("home1:kitchen-light");
        Node desired = TwinIris.point(id, "light", JsonPointer.of("/brightness"), true);

        assertThat(ThingRdfMapping.toTriples(TestThings.kitchenLight(true))).contains(
                Triple.create(desired, RDF.type.asNode(), Brick.Point),
                Triple.create(desired, TG.desired, ThingRdfMapping.literal(JsonValue.of(true))));
    }

    @Test
    void mirroredTwinsConformToTheShippedShapes() {
        Graph g = graphOf(versioned(TestThings.kitchenLight(true)));
        graphOf(versioned(TestThings.kitchenSensor(20))).find().forEach(g::add);
        Graph shapesGraph = RDFParser.source(TG.SHAPES).lang(Lang.TURTLE)
                .fromString(readResource(TG.SHAPES)).toGraph();
        // observations need a result time in the live graph; the mirror adds it, here we add it by hand
        g.find(Node.ANY, Sosa.hasSimpleResult, Node.ANY).toList().forEach(tr ->
                g.add(tr.getSubject(), Sosa.resultTime, ThingRdfMapping.dateTime(java.time.Instant.EPOCH)));

        ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapesGraph), g);

        assertThat(report.conforms()).as(() -> reportText(report)).isTrue();
    }

    @Test
    void thingIdsWithUnusualCharactersGetValidIrisThatMapBack() {
        ThingId id = ThingId.of("my.ns:a b#1%x?");
        Node iri = TwinIris.thing(id);

        assertThat(iri.getURI()).isEqualTo("https://twingraph.io/thing/my.ns:a%20b%231%25x%3F");
        assertThat(TwinIris.thingId(iri)).contains(id);
        assertThat(org.apache.jena.irix.IRIx.create(iri.getURI()).isReference()).isTrue();
    }

    private static String readResource(String name) {
        try (var in = ThingRdfMappingTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String reportText(ValidationReport report) {
        var out = new java.io.ByteArrayOutputStream();
        org.apache.jena.shacl.lib.ShLib.printReport(new java.io.PrintStream(out), report);
        return out.toString();
    }
}
