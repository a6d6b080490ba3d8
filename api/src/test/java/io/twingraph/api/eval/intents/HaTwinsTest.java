package io.twingraph.api.eval.intents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.twingraph.ontology.Namespaces;

/** A Home Assistant home as twins and topology: attributes, one feature per domain, and the Brick Turtle. */
class HaTwinsTest {
    private static HaTwins twins;

    @BeforeAll
    static void read() throws IOException {
        twins = new HaTwins("ha1", HaSuite.read(TestHome.directory()).groups().get(0).home());
    }

    @Test
    void attributesSayNameAliasesRoomKindDeviceClassAndBrickClass() {
        Thing blind = thing("cover.study_blind");
        assertThat(blind.getEntityId().orElseThrow().toString()).isEqualTo("ha1:cover.study_blind");
        JsonObject a = blind.getAttributes().orElseThrow();
        assertThat(a.getValue("name")).contains(JsonValue.of("Study Blind"));
        assertThat(a.getValue("kind")).contains(JsonValue.of("cover"));
        assertThat(a.getValue("deviceClass")).contains(JsonValue.of("blind"));
        assertThat(a.getValue("class")).contains(JsonValue.of("Blind"));
        assertThat(a.getValue("location")).contains(JsonValue.of(Namespaces.SITE + "ha1/area/study_id"));
        assertThat(a.getValue("haEntityId")).contains(JsonValue.of("cover.study_blind"));

        JsonObject lamp = thing("light.desk_lamp").getAttributes().orElseThrow();
        assertThat(lamp.getValue("aliases").orElseThrow().asArray()).containsExactly(JsonValue.of("reading light"));
        assertThat(lamp.getValue("class")).contains(JsonValue.of("Luminaire"));
        assertThat(lamp.getValue("deviceClass")).isEmpty();

        // no area: no location; a gate is no shading device: no class
        assertThat(thing("switch.kettle").getAttributes().orElseThrow().getValue("location")).isEmpty();
        assertThat(thing("cover.porch_gate").getAttributes().orElseThrow().getValue("class")).isEmpty();
        assertThat(thing("climate.study_radiator").getAttributes().orElseThrow().getValue("class"))
                .contains(JsonValue.of("Thermostat"));
        assertThat(thing("binary_sensor.study_motion").getAttributes().orElseThrow().getValue("class"))
                .contains(JsonValue.of("saref:Sensor"));
        assertThat(thing("lock.cellar_hatch").getAttributes().orElseThrow().getValue("class"))
                .contains(JsonValue.of("Access_Control_Equipment"));
        assertThat(thing("scene.movie_night").getAttributes().orElseThrow().getValue("class")).isEmpty();
    }

    @Test
    void featuresFollowTheDomainAndState() {
        // HA brightness is 0..255: 128 is 50 %
        assertThat(properties("light.desk_lamp", "light"))
                .isEqualTo(json("{\"on\":true,\"brightness\":50,\"color\":\"blue\"}"));
        assertThat(properties("light.pantry_strip", "light")).isEqualTo(json("{\"on\":false,\"brightness\":0}"));
        assertThat(properties("switch.kettle", "switch")).isEqualTo(json("{\"on\":true}"));
        assertThat(properties("fan.attic", "fan")).isEqualTo(json("{\"on\":false}"));
        assertThat(properties("cover.study_blind", "cover")).isEqualTo(json("{\"position\":40,\"open\":true}"));
        assertThat(properties("cover.porch_gate", "cover")).isEqualTo(json("{\"position\":0,\"open\":false}"));
        assertThat(properties("lock.cellar_hatch", "lock")).isEqualTo(json("{\"locked\":true}"));
        assertThat(properties("valve.garden_tap", "valve")).isEqualTo(json("{\"open\":false}"));
        assertThat(properties("climate.study_radiator", "thermostat"))
                .isEqualTo(json("{\"temperature\":19.5,\"setpoint\":21,\"mode\":\"heat\"}"));
        assertThat(properties("sensor.pantry_humidity", "sensor")).isEqualTo(json("{\"value\":61,\"unit\":\"%\"}"));
        assertThat(properties("sensor.next_delivery", "sensor")).isEqualTo(json("{\"value\":\"2031-02-03\"}"));
        assertThat(properties("binary_sensor.porch_door", "contact")).isEqualTo(json("{\"open\":true}"));
        assertThat(properties("binary_sensor.study_motion", "presence")).isEqualTo(json("{\"occupied\":true}"));
        assertThat(properties("binary_sensor.freezer_alarm", "state")).isEqualTo(json("{\"on\":false}"));
        assertThat(properties("media_player.bobs_radio", "media_player")).isEqualTo(json("{\"state\":\"playing\"}"));
        assertThat(properties("scene.movie_night", "scene")).isEqualTo(json("{\"state\":\"\"}"));
    }

    @Test
    void everyTwinHasExactlyOneFeature() {
        for (Thing t : twins.things()) {
            assertThat(t.getFeatures().orElseThrow().getSize()).as(t.getEntityId().toString()).isEqualTo(1);
        }
    }

    @Test
    void sensorWithoutStateTakesStateWithUnit() {
        HaHome.Entity e = new HaHome.Entity("sensor.outside_humidity", "Outside Humidity", List.of(), "sensor", null,
                null, null, Map.of("state_with_unit", "20 degrees"));
        assertThat(JsonObject.of(HaTwins.features(e).toString())).isEqualTo(json("{\"value\":20,\"unit\":\"degrees\"}"));
    }

    @Test
    void unusualEntityIdsBecomeValidThingIds() {
        HaHome.Entity e = new HaHome.Entity("sensor.traveling speed", "Travelling speed", List.of(), "sensor", null,
                "67", null, Map.of());
        assertThat(twins.thingId(e).toString()).isEqualTo("ha1:sensor.traveling_speed");
    }

    @Test
    void topologyIsBrickFloorsAndRoomsWithLabelsAliasesAndParts() {
        Model m = ModelFactory.createDefaultModel();
        m.read(new StringReader(twins.topologyTurtle()), null, "TTL");
        String brick = Namespaces.BRICK;
        Resource loft = m.getResource(Namespaces.SITE + "ha1/floor/loft_id");
        Resource cellar = m.getResource(Namespaces.SITE + "ha1/floor/cellar_id");
        Resource study = m.getResource(Namespaces.SITE + "ha1/area/study_id");
        Resource porch = m.getResource(Namespaces.SITE + "ha1/area/porch_id");

        assertThat(m.contains(loft, RDF.type, m.getResource(brick + "Floor"))).isTrue();
        assertThat(m.contains(study, RDF.type, m.getResource(brick + "Room"))).isTrue();
        assertThat(m.contains(study, RDFS.label, "Study")).isTrue();
        assertThat(m.contains(study, SKOS.altLabel, "den")).isTrue();
        assertThat(m.contains(cellar, SKOS.altLabel, "basement level")).isTrue();
        assertThat(m.contains(study, m.getProperty(brick + "isPartOf"), loft)).isTrue();
        assertThat(m.contains(loft, m.getProperty(brick + "hasPart"), study)).isTrue();
        assertThat(m.contains(porch, RDFS.label, "Porch")).isTrue();
        assertThat(m.listObjectsOfProperty(porch, m.getProperty(brick + "isPartOf")).toList()).isEmpty();
        // 2 floors and 3 rooms: type and label each, 2 aliases, 2 isPartOf, 2 hasPart
        assertThat(m.size()).isEqualTo(5 * 2 + 2 + 2 + 2);
    }

    @Test
    void labelsWithQuotesAndBackslashesStayValidTurtle() {
        HaTwins odd = new HaTwins("ha9", new HaHome("x", List.of(),
                List.of(new HaHome.Area("a b", "Kid's \"play\" room \\ 2", List.of(), null)), List.of()));
        Model m = ModelFactory.createDefaultModel();
        m.read(new StringReader(odd.topologyTurtle()), null, "TTL");
        assertThat(m.contains(m.getResource(Namespaces.SITE + "ha9/area/a_b"), RDFS.label,
                "Kid's \"play\" room \\ 2")).isTrue();
    }

    private static Thing thing(String entityId) {
        HaHome.Entity e = twins.home().entities().stream().filter(x -> x.entityId().equals(entityId)).findFirst()
                .orElseThrow();
        return twins.thing(e);
    }

    private static JsonObject properties(String entityId, String feature) {
        return thing(entityId).getFeatures().orElseThrow().getFeature(feature).orElseThrow().getProperties()
                .orElseThrow().toJson().formatAsString().transform(JsonObject::of);
    }

    private static JsonObject json(String text) {
        return JsonObject.of(text);
    }
}
