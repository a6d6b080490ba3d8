package io.twingraph.ontology;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;

/**
 * What a twin property means in Brick terms: its point class, unit and (for two-valued properties) the SAREF state
 * it implies. Properties are recognised by name, the last segment of their path inside the feature
 * ({@code temperature}, {@code on}, {@code co2}...); a feature named {@code weather} or {@code outdoor} makes a
 * temperature an outside air temperature. Unknown names are plain {@code brick:Point}s.
 */
public final class PointTypes {

    /** The discrete SAREF state a boolean property implies on its thing. */
    public enum StateKind {
        NONE, ON_OFF, OPEN_CLOSE
    }

    /** Brick point class, optional QUDT unit, implied state kind. */
    public record PointType(Node brickClass, Optional<Node> unit, StateKind state) {
    }

    private static final PointType GENERIC = new PointType(Brick.Point, Optional.empty(), StateKind.NONE);
    private static final PointType OUTSIDE_TEMPERATURE = type("Outside_Air_Temperature_Sensor", "DEG_C");

    private static final Map<String, PointType> BY_PROPERTY = Map.ofEntries(
            Map.entry("temperature", type("Air_Temperature_Sensor", "DEG_C")),
            Map.entry("setpoint", type("Zone_Air_Temperature_Setpoint", "DEG_C")),
            Map.entry("humidity", type("Relative_Humidity_Sensor", "PERCENT_RH")),
            Map.entry("co2", type("CO2_Level_Sensor", "PPM")),
            Map.entry("on", new PointType(Brick.term("On_Off_Status"), Optional.empty(), StateKind.ON_OFF)),
            Map.entry("heating", type("Heating_Command", null)),
            Map.entry("brightness", type("Luminance_Command", "PERCENT")),
            Map.entry("motion", type("Motion_Sensor", null)),
            Map.entry("occupied", type("Occupancy_Status", null)),
            Map.entry("open", new PointType(Brick.term("Open_Close_Status"), Optional.empty(), StateKind.OPEN_CLOSE)),
            Map.entry("power", type("Active_Power_Sensor", "W")),
            Map.entry("energy", type("Energy_Sensor", "KiloW-HR")),
            Map.entry("soc", new PointType(TG.State_Of_Charge_Sensor, unit("PERCENT"), StateKind.NONE)),
            Map.entry("plugged", new PointType(TG.Plugged_In_Status, Optional.empty(), StateKind.NONE)),
            Map.entry("charging", new PointType(Brick.term("On_Off_Status"), Optional.empty(), StateKind.ON_OFF)),
            Map.entry("irradiance", type("Solar_Irradiance_Sensor", "W-PER-M2")),
            Map.entry("position", type("Position_Command", "PERCENT")));

    private PointTypes() {
    }

    /**
     * The point type of a property.
     *
     * @param featureId    the Ditto feature id
     * @param propertyPath the property's JSON pointer inside the feature's properties, e.g. {@code /temperature}
     */
    public static PointType of(String featureId, String propertyPath) {
        String name = propertyPath.substring(propertyPath.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String feature = featureId.toLowerCase(Locale.ROOT);
        if (name.equals("temperature") && (feature.equals("weather") || feature.equals("outdoor"))) {
            return OUTSIDE_TEMPERATURE;
        }
        return BY_PROPERTY.getOrDefault(name, GENERIC);
    }

    /**
     * Resolves a class name as written in a twin's {@code class} attribute: a full IRI, a prefixed name with one of
     * {@link Namespaces#PREFIXES}, or a bare Brick local name ({@code Luminaire}).
     */
    public static Optional<Node> resolveClass(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String trimmed = name.trim();
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://") || trimmed.startsWith("urn:")) {
            return Optional.of(NodeFactory.createURI(trimmed));
        }
        int colon = trimmed.indexOf(':');
        if (colon > 0) {
            String ns = Namespaces.PREFIXES.getNsPrefixURI(trimmed.substring(0, colon));
            return ns == null ? Optional.empty() : Optional.of(NodeFactory.createURI(ns + trimmed.substring(colon + 1)));
        }
        return trimmed.matches("[A-Za-z][A-Za-z0-9_]*") ? Optional.of(Brick.term(trimmed)) : Optional.empty();
    }

    private static PointType type(String brickLocalName, String unit) {
        return new PointType(Brick.term(brickLocalName), unit == null ? Optional.empty() : unit(unit), StateKind.NONE);
    }

    private static Optional<Node> unit(String qudtLocalName) {
        return Optional.of(NodeFactory.createURI(Namespaces.QUDT_UNIT + qudtLocalName));
    }
}
