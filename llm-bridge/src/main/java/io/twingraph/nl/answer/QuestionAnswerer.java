package io.twingraph.nl.answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.riot.out.NodeFmtLib;

import io.twingraph.engine.SparqlResult;
import io.twingraph.nl.Interpretation;
import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.home.HomeDevice;

/**
 * Answers questions about the home with one SPARQL query over the live graph, which is returned with the answer:
 * the query lists the devices asked about with the property that holds each one's state, reads the current values
 * and turns them into state words ({@code on}, {@code open}, {@code locked}...), filtered to the state asked about
 * when the question lists or counts.
 */
public final class QuestionAnswerer {
    private final Function<String, SparqlResult> sparql;

    /** @param sparql runs a read-only query (through the guard) */
    public QuestionAnswerer(Function<String, SparqlResult> sparql) {
        this.sparql = sparql;
    }

    public Answer answer(Interpretation in, List<HomeDevice> devices) {
        if (in.intent() == Intent.HISTORY) {
            return new Answer("I only know current values: the graph keeps the latest state of each device, not its history.",
                    null, List.of());
        }
        List<Row> wanted = new ArrayList<>();
        for (HomeDevice d : devices) {
            String property = in.intent() == Intent.GET_VALUE ? temperatureProperty(d) : StateProperty.of(d);
            if (property != null) {
                wanted.add(new Row(d, property));
            }
        }
        String what = describe(in);
        if (wanted.isEmpty()) {
            return new Answer("I found no " + what + ".", null, List.of());
        }
        boolean filter = in.state() != null && (in.intent() == Intent.LIST || in.intent() == Intent.COUNT);
        String query = query(wanted, filter ? in.state() : null);
        List<Map<String, Object>> rows = run(query);
        return new Answer(words(in, spoken(in.state(), wanted), what, wanted.size(), rows), query, rows);
    }

    private record Row(HomeDevice device, String property) {
    }

    static String query(List<Row> wanted, String state) {
        StringBuilder values = new StringBuilder();
        for (Row r : wanted) {
            String feature = r.property.substring(0, r.property.indexOf('/'));
            String path = r.property.substring(r.property.indexOf('/'));
            String[] words = stateWords(r.property);
            // feature ids and IRIs come from twins anyone with write access shapes: written as RDF terms, escaped
            values.append("    (").append(NodeFmtLib.strNT(NodeFactory.createURI(r.device.iri()))).append(' ')
                    .append(literal(feature)).append(' ').append(literal(path)).append(' ')
                    .append(words == null ? "UNDEF UNDEF" : literal(words[0]) + " " + literal(words[1]))
                    .append(")\n");
        }
        // ?state is the word a person reads (open, locked, on); ?flag is the on/off a parser may ask for instead
        return "SELECT ?thing ?name ?value ?state ?flag WHERE {\n"
                + "  VALUES (?thing ?feature ?path ?yes ?no) {\n" + values + "  }\n"
                + "  OPTIONAL { ?thing rdfs:label ?name }\n"
                + "  ?thing brick:hasPoint ?point .\n"
                + "  ?point tg:ofFeature/tg:featureId ?feature ; tg:propertyPath ?path ;\n"
                + "         brick:lastKnownValue/sosa:hasSimpleResult ?value .\n"
                + "  BIND(IF(datatype(?value) = xsd:boolean, IF(?value, ?yes, ?no),\n"
                + "          IF(BOUND(?yes) && isNumeric(?value), IF(?value > 0, ?yes, ?no), STR(?value))) AS ?state)\n"
                + "  BIND(IF(?state = ?yes, \"on\", IF(?state = ?no, \"off\", ?state)) AS ?flag)\n"
                + (state == null ? "" : "  FILTER(?state = " + literal(state) + " || ?flag = " + literal(state) + ")\n")
                + "}\nORDER BY ?name";
    }

    private static String literal(String text) {
        return NodeFmtLib.strNT(NodeFactory.createLiteralString(text));
    }

    /** The state asked about as a person says it for these devices: "on" of a door contact is "open". */
    private static String spoken(String state, List<Row> wanted) {
        if (state == null || !(state.equals("on") || state.equals("off"))) {
            return state;
        }
        String[] words = stateWords(wanted.get(0).property);
        return words == null ? state : state.equals("on") ? words[0] : words[1];
    }

    /** What true (or a positive number) and false mean for a property, or null for plain values. */
    private static String[] stateWords(String property) {
        if (property.equals("cover/position") || property.equals("cover/open") || property.equals("valve/open")
                || property.equals("valve/position")) {
            return new String[]{"open", "closed"};
        }
        if (property.equals("lock/locked")) {
            return new String[]{"locked", "unlocked"};
        }
        if (property.startsWith("contact/")) {
            return new String[]{"open", "closed"};
        }
        if (property.endsWith("/on") || property.startsWith("presence/")
                || property.endsWith("/active")) {
            return new String[]{"on", "off"};
        }
        return null;
    }

    private static String temperatureProperty(HomeDevice d) {
        for (String key : d.properties().keySet()) {
            if (key.endsWith("/temperature") && d.properties().get(key) instanceof Number) {
                return key;
            }
        }
        return d.kind().equals("sensor") && d.deviceClass().equals("temperature") ? StateProperty.of(d) : null;
    }

    private List<Map<String, Object>> run(String query) {
        SparqlResult result = sparql.apply(query);
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            Map<String, Object> row = new LinkedHashMap<>();
            s.varNames().forEachRemaining(v -> row.put(v, SparqlResult.plain(s.get(v))));
            rows.add(row);
        }
        return rows;
    }

    // ---- words ----

    private static String words(Interpretation in, String state, String what, int asked, List<Map<String, Object>> rows) {
        List<String> names = rows.stream().map(r -> String.valueOf(r.getOrDefault("name", r.get("thing")))).toList();
        String quantifier = String.valueOf(in.values().getOrDefault("quantifier", ""));
        switch (in.intent()) {
            case COUNT:
                return state == null ? asked + " " + what + "." : rows.size() + " of " + asked + " " + what + " "
                        + (rows.size() == 1 ? "is " : "are ") + state + (rows.isEmpty() ? "." : ": " + join(names) + ".");
            case LIST:
                return rows.isEmpty() ? "None of the " + what + " is " + state + "."
                        : state == null ? listing(rows) : join(names) + (rows.size() == 1 ? " is " : " are ") + state + ".";
            case GET_VALUE:
                if (rows.isEmpty()) {
                    return "I have no temperature reading for the " + what + ".";
                }
                return rows.size() == 1 ? "The temperature is " + number(rows.get(0).get("value")) + " °C (" + names.get(0) + ")."
                        : "Temperatures: " + listing(rows);
            default:
                if (rows.isEmpty()) {
                    return "I have no current value for the " + what + ".";
                }
                if (state == null) {
                    return listing(rows);
                }
                List<String> matching = new ArrayList<>();
                List<String> other = new ArrayList<>();
                for (Map<String, Object> r : rows) {
                    String line = r.getOrDefault("name", r.get("thing")) + " is " + r.get("state");
                    boolean asAsked = state.equalsIgnoreCase(String.valueOf(r.get("state")))
                            || in.state().equalsIgnoreCase(String.valueOf(r.get("flag")));
                    (asAsked ? matching : other).add(line);
                }
                if (quantifier.equals("all") || rows.size() > 1 && !quantifier.equals("any")) {
                    return other.isEmpty() ? "Yes, all " + rows.size() + " are " + state + "." : "No: " + join(other) + ".";
                }
                return matching.isEmpty() ? "No, " + join(other) + "." : "Yes, " + join(matching) + ".";
        }
    }

    private static String listing(List<Map<String, Object>> rows) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            parts.add(r.getOrDefault("name", r.get("thing")) + " is " + number(r.get("state")));
        }
        return join(parts) + ".";
    }

    private static String number(Object v) {
        if (v instanceof String s) {
            try {
                double d = Double.parseDouble(s);
                return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return String.valueOf(v);
    }

    private static String join(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** "lights in the Kitchen", "curtains on Upstairs", "Front Door". */
    static String describe(Interpretation in) {
        String thing = in.name() != null ? in.name()
                : in.deviceClass() != null ? in.deviceClass().replace('_', ' ') + (in.kind() != null && in.kind().endsWith("sensor") ? " sensors" : "s")
                : in.kind() != null ? plural(in.kind()) : "devices";
        if (in.area() != null) {
            thing += " in the " + in.area();
        } else if (in.floor() != null) {
            thing += " on the " + in.floor();
        }
        return thing;
    }

    private static String plural(String kind) {
        return switch (kind) {
            case "switch" -> "switches";
            case "binary_sensor" -> "sensors";
            case "climate" -> "thermostats";
            case "person" -> "people";
            case "media_player" -> "media players";
            default -> kind + "s";
        };
    }
}
