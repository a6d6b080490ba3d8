package io.twingraph.engine;

import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;

/** Twins for engine tests, shaped like the simulator's. */
final class TestThings {
    static final String KITCHEN = "https://twingraph.io/site/home1/kitchen";
    static final String BEDROOM = "https://twingraph.io/site/home1/bedroom";

    private TestThings() {
    }

    static Thing kitchenLight(boolean on) {
        return ThingsModelFactory.newThing("""
                {"thingId":"home1:kitchen-light","policyId":"home1:policy","definition":"acme:lamp:1.0",
                 "attributes":{"name":"Kitchen light","aliases":["kitchen lamp","ceiling light"],"class":"Luminaire",
                               "location":"%s","protocol":"plain","vendor":{"name":"Acme","model":"L1"}},
                 "features":{"light":{"definition":["acme:dimmable:1.0"],
                                      "properties":{"on":%s,"brightness":80,"status":{"code":0,"text":"ok"},
                                                    "modes":["eco","bright"],"extra":{}},
                                      "desiredProperties":{"brightness":100}}}}
                """.formatted(KITCHEN, on));
    }

    static Thing kitchenSensor(double temperature) {
        return ThingsModelFactory.newThing("""
                {"thingId":"home1:kitchen-sensor",
                 "attributes":{"name":"Kitchen sensor","class":"saref:Sensor","location":"%s"},
                 "features":{"environment":{"properties":{"temperature":%s,"humidity":45,"co2":612}}}}
                """.formatted(KITCHEN, temperature));
    }

    static Thing bedroomSensor(double temperature) {
        return ThingsModelFactory.newThing("""
                {"thingId":"home1:bedroom-sensor",
                 "attributes":{"name":"Bedroom sensor","class":"saref:Sensor","location":"%s"},
                 "features":{"environment":{"properties":{"temperature":%s}}}}
                """.formatted(BEDROOM, temperature));
    }

    static Thing bedroomLight(boolean on) {
        return ThingsModelFactory.newThing("""
                {"thingId":"home1:bedroom-light",
                 "attributes":{"name":"Bedroom light","class":"Luminaire","location":"%s"},
                 "features":{"light":{"properties":{"on":%s,"brightness":0}}}}
                """.formatted(BEDROOM, on));
    }

    static final String TOPOLOGY = """
            @prefix brick: <https://brickschema.org/schema/Brick#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            <https://twingraph.io/site/home1/ground> a brick:Floor ; rdfs:label "Ground floor" ;
                brick:hasPart <https://twingraph.io/site/home1/kitchen> .
            <https://twingraph.io/site/home1/upstairs> a brick:Floor ; rdfs:label "Upstairs" ;
                brick:hasPart <https://twingraph.io/site/home1/bedroom> .
            <https://twingraph.io/site/home1/kitchen> a brick:Room ; rdfs:label "Kitchen" .
            <https://twingraph.io/site/home1/bedroom> a brick:Room ; rdfs:label "Bedroom" .
            """;
}
