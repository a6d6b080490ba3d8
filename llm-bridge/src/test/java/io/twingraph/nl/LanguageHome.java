package io.twingraph.nl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.jena.riot.Lang;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;

import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.nl.home.HomeSource;
import io.twingraph.ontology.Graphs;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.TwinCommand;

/**
 * A small home for language tests in a real in-memory engine: two floors, five rooms, lights, blinds, window and
 * door contacts, a lock, a thermostat and sensors, shaped as the simulator shapes its twins. Devices obey commands
 * (the twin takes the new value, as a device reporting back would) unless {@link #silence} is set.
 */
final class LanguageHome implements AutoCloseable {
    static final String SITE = "https://twingraph.io/site/t1/";

    static final String TOPOLOGY = """
            @prefix brick: <https://brickschema.org/schema/Brick#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix s: <https://twingraph.io/site/t1/> .
            s:ground a brick:Floor ; rdfs:label "Ground floor" ; skos:altLabel "downstairs" .
            s:first a brick:Floor ; rdfs:label "First floor" ; skos:altLabel "upstairs" .
            s:kitchen a brick:Room ; rdfs:label "Kitchen" ; brick:isPartOf s:ground .
            s:living a brick:Room ; rdfs:label "Living room" ; skos:altLabel "lounge" ; brick:isPartOf s:ground .
            s:hall a brick:Room ; rdfs:label "Hallway" ; brick:isPartOf s:ground .
            s:office a brick:Room ; rdfs:label "Office" ; brick:isPartOf s:ground .
            s:bedroom a brick:Room ; rdfs:label "Bedroom" ; brick:isPartOf s:first .
            """;

    final TwinGraphEngine engine;
    final SparqlService sparql;
    final HomeSource homes;
    final List<DeviceCommand> sent = new CopyOnWriteArrayList<>();
    volatile boolean silence;

    LanguageHome() {
        engine = TwinGraphEngine.inMemory(java.time.Clock.systemUTC());
        engine.graph().importText(TOPOLOGY, Lang.TURTLE, Graphs.TOPOLOGY, true);
        engine.provision(things());
        sparql = new SparqlService(engine.graph(), Duration.ofSeconds(5), 10_000);
        homes = new HomeSource(engine, sparql);
    }

    /** Sends like a device connection: records the command and, unless silenced, the device reports the new value. */
    DeviceCommandSender sender() {
        return (command, target) -> {
            sent.add(command);
            if (!silence) {
                engine.submit(new TwinCommand.Modify(command.thingId(), command.path(), command.value(),
                        TwinCommand.Origin.DEVICE, command.correlationId()));
            }
        };
    }

    static List<Thing> things() {
        List<Thing> t = new ArrayList<>();
        t.add(thing("kitchen-light", "Kitchen light", "[\"kitchen ceiling light\"]", "kitchen", "light", "",
                "\"light\":{\"properties\":{\"on\":false,\"brightness\":0}}"));
        t.add(thing("living-lamp", "Floor lamp", "[\"reading lamp\"]", "living", "light", "",
                "\"light\":{\"properties\":{\"on\":true,\"brightness\":60,\"color\":\"#ffffff\"}}"));
        t.add(thing("bedroom-light", "Bedroom light", "[]", "bedroom", "light", "",
                "\"light\":{\"properties\":{\"on\":true,\"brightness\":80}}"));
        t.add(thing("bedroom-blinds", "Bedroom blinds", "[]", "bedroom", "cover", "blind",
                "\"cover\":{\"properties\":{\"position\":100}}"));
        t.add(thing("kitchen-window", "Kitchen window", "[]", "kitchen", "binary_sensor", "window",
                "\"contact\":{\"properties\":{\"open\":true}}"));
        t.add(thing("bedroom-window", "Bedroom window", "[]", "bedroom", "binary_sensor", "window",
                "\"contact\":{\"properties\":{\"open\":false}}"));
        t.add(thing("front-door", "Front door", "[\"main door\"]", "hall", "binary_sensor", "door",
                "\"contact\":{\"properties\":{\"open\":false}}"));
        t.add(thing("front-door-lock", "Front door lock", "[\"door lock\"]", "hall", "lock", "",
                "\"lock\":{\"properties\":{\"locked\":false}}"));
        t.add(thing("kitchen-sensor", "Kitchen sensor", "[]", "kitchen", "sensor", "temperature",
                "\"environment\":{\"properties\":{\"temperature\":21.5,\"humidity\":40}}"));
        t.add(thing("office-thermostat", "Office thermostat", "[]", "office", "climate", "",
                "\"thermostat\":{\"properties\":{\"temperature\":19.0,\"setpoint\":20}}"));
        t.add(thing("office-fan", "Desk fan", "[]", "office", "fan", "",
                "\"fan\":{\"properties\":{\"on\":false}}"));
        t.add(thing("living-tv", "Television", "[]", "living", "media_player", "",
                "\"media\":{\"properties\":{\"on\":false}}"));
        return t;
    }

    private static Thing thing(String id, String name, String aliases, String room, String kind, String deviceClass,
                               String features) {
        return ThingsModelFactory.newThing("""
                {"thingId":"t1:%s","attributes":{"name":"%s","aliases":%s,"location":"%s%s","kind":"%s","deviceClass":"%s"},
                 "features":{%s}}""".formatted(id, name, aliases, SITE, room, kind, deviceClass, features));
    }

    @Override
    public void close() {
        engine.close();
    }
}
