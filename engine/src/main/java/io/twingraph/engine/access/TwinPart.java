package io.twingraph.engine.access;

import java.util.Map;

import org.apache.jena.graph.Node;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.TwinIris;
import io.twingraph.ontology.Namespaces;

/**
 * The twin an IRI belongs to and the Ditto resource path of the part it names, read back from {@link TwinIris}: the
 * thing itself is {@code /}, a feature {@code /features/f}, a point {@code /features/f/properties/p} (or
 * {@code desiredProperties}), an observation {@code ...#obs} the path of its point.
 *
 * @param path the resource path; {@code null} when the IRI has a valid thing id but a path that cannot be read, which
 *             callers treat as the most protected part (everything of the thing must be readable)
 */
record TwinPart(ThingId thingId, JsonPointer path) {
    static final JsonPointer ROOT = JsonPointer.empty();

    boolean isThing() {
        return ROOT.equals(path);
    }

    /**
     * The part an IRI names, or null when it is not a twin's IRI.
     *
     * @param ids thing ids already read, by their encoded IRI segment; read ones are added
     */
    static TwinPart of(Node node, Map<String, ThingId> ids) {
        if (!node.isURI()) {
            return null;
        }
        String iri = node.getURI();
        if (!iri.startsWith(Namespaces.THING)) {
            return null;
        }
        String rest = iri.substring(Namespaces.THING.length());
        int hash = rest.indexOf('#');
        String[] segments = (hash < 0 ? rest : rest.substring(0, hash)).split("/", -1);
        ThingId id = ids.get(segments[0]);
        if (id == null) {
            try {
                id = ThingId.of(TwinIris.decode(segments[0]));
            } catch (RuntimeException e) {
                return null; // under the thing base but no thing id: not a twin's IRI
            }
            ids.put(segments[0], id);
        }
        try {
            JsonPointer path = ROOT;
            for (int i = 1; i < segments.length; i++) {
                path = path.addLeaf(JsonKey.of(TwinIris.decode(segments[i])));
            }
            return new TwinPart(id, path);
        } catch (RuntimeException e) {
            return new TwinPart(id, null);
        }
    }
}
