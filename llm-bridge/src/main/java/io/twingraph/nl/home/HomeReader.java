package io.twingraph.nl.home;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.query.QuerySolution;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;

/**
 * Reads a {@link Home}: areas and floors with their labels and aliases from the graph (imported models and the
 * simulated homes alike), devices from the twins.
 */
public final class HomeReader {
    private static final String SPACES = """
            SELECT ?space ?name ?alias ?floor WHERE {
              { ?space a brick:Room } UNION { ?space a brick:Space } UNION { ?device brick:hasLocation ?space }
              FILTER(isIRI(?space))
              OPTIONAL { ?space rdfs:label ?name }
              OPTIONAL { ?space skos:altLabel ?alias }
              OPTIONAL { ?space brick:isPartOf+ ?floor . ?floor a brick:Floor }
            }""";
    private static final String FLOORS = """
            SELECT ?floor ?name ?alias WHERE {
              ?floor a brick:Floor .
              OPTIONAL { ?floor rdfs:label ?name }
              OPTIONAL { ?floor skos:altLabel ?alias }
            }""";

    private final SparqlService sparql;

    public HomeReader(SparqlService sparql) {
        this.sparql = sparql;
    }

    /** The home as the graph and the given twins show it now. */
    public Home read(Collection<Thing> things) {
        Map<String, Floor> floors = floors();
        Map<String, Area> areas = areas(floors);
        List<HomeDevice> devices = new ArrayList<>();
        for (Thing thing : things) {
            devices.add(device(thing, areas));
        }
        return new Home(devices, List.copyOf(areas.values()), List.copyOf(floors.values()));
    }

    private Map<String, Floor> floors() {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Set<String>> aliases = new LinkedHashMap<>();
        SparqlResult result = sparql.execute(SparqlService.parse(FLOORS));
        while (result.rows().hasNext()) {
            QuerySolution row = result.rows().next();
            if (!row.get("floor").isURIResource()) {
                continue;
            }
            String iri = row.getResource("floor").getURI();
            collect(iri, row, names, aliases);
        }
        Map<String, Floor> floors = new LinkedHashMap<>();
        names.forEach((iri, name) -> {
            if (!name.isEmpty()) {
                floors.put(iri, new Floor(iri, name, List.copyOf(aliases.get(iri))));
            }
        });
        return floors;
    }

    private Map<String, Area> areas(Map<String, Floor> floors) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Set<String>> aliases = new LinkedHashMap<>();
        Map<String, String> floorOf = new LinkedHashMap<>();
        SparqlResult result = sparql.execute(SparqlService.parse(SPACES));
        while (result.rows().hasNext()) {
            QuerySolution row = result.rows().next();
            String iri = row.getResource("space").getURI();
            if (floors.containsKey(iri)) {
                continue;
            }
            collect(iri, row, names, aliases);
            if (row.contains("floor")) {
                floorOf.putIfAbsent(iri, row.getResource("floor").getURI());
            }
        }
        Map<String, Area> areas = new LinkedHashMap<>();
        names.forEach((iri, name) -> {
            if (!name.isEmpty()) {
                areas.put(iri, new Area(iri, name, List.copyOf(aliases.get(iri)), floors.get(floorOf.get(iri))));
            }
        });
        return areas;
    }

    private static void collect(String iri, QuerySolution row, Map<String, String> names, Map<String, Set<String>> aliases) {
        names.merge(iri, row.contains("name") ? row.getLiteral("name").getLexicalForm() : "", (a, b) -> a.isEmpty() ? b : a);
        Set<String> set = aliases.computeIfAbsent(iri, k -> new LinkedHashSet<>());
        if (row.contains("alias")) {
            set.add(row.getLiteral("alias").getLexicalForm());
        }
    }

    static HomeDevice device(Thing thing, Map<String, Area> areas) {
        String id = thing.getEntityId().map(Object::toString).orElseThrow();
        JsonObject attributes = thing.getAttributes().map(a -> (JsonObject) a).orElse(JsonObject.empty());
        Map<String, Object> properties = new LinkedHashMap<>();
        thing.getFeatures().ifPresent(features -> features.forEach(f -> f.getProperties()
                .ifPresent(p -> flatten(f.getId(), p, properties))));
        String name = string(attributes, "name");
        if (name.isEmpty()) {
            name = id;
        }
        List<String> aliases = new ArrayList<>();
        attributes.getValue("aliases").filter(JsonValue::isArray).ifPresent(a -> a.asArray().stream()
                .filter(JsonValue::isString).forEach(v -> aliases.add(v.asString())));
        String kind = DeviceKinds.kind(string(attributes, "kind"), string(attributes, "class"), properties);
        String deviceClass = DeviceKinds.deviceClass(string(attributes, "deviceClass"), kind, name, properties);
        String iri = io.twingraph.engine.TwinIris.thing(thing.getEntityId().orElseThrow()).getURI();
        return new HomeDevice(id, iri, name, aliases, kind, deviceClass, areas.get(string(attributes, "location")), properties);
    }

    private static String string(JsonObject o, String key) {
        return o.getValue(key).filter(JsonValue::isString).map(JsonValue::asString).orElse("");
    }

    private static void flatten(String prefix, JsonObject object, Map<String, Object> into) {
        for (JsonField field : object) {
            String key = prefix + "/" + field.getKeyName();
            JsonValue v = field.getValue();
            if (v.isObject()) {
                flatten(key, v.asObject(), into);
            } else if (v.isBoolean()) {
                into.put(key, v.asBoolean());
            } else if (v.isNumber()) {
                into.put(key, v.isLong() ? (Object) v.asLong() : (Object) v.asDouble());
            } else if (v.isString()) {
                into.put(key, v.asString());
            }
        }
    }
}
