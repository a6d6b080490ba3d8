package io.twingraph.ontology;

import org.apache.jena.shared.PrefixMapping;

/**
 * The namespaces TwinGraph writes and the prefixes it offers to query writers.
 *
 * <p>{@link #PREFIXES} is what SPARQL results and Turtle output use, and what {@code twingraph query} prepends.
 */
public final class Namespaces {
    public static final String BRICK = "https://brickschema.org/schema/Brick#";
    public static final String SAREF = "https://saref.etsi.org/core/";
    public static final String SOSA = "http://www.w3.org/ns/sosa/";
    public static final String PROV = "http://www.w3.org/ns/prov#";
    public static final String QUDT_UNIT = "http://qudt.org/vocab/unit/";
    public static final String TG = "https://twingraph.io/ns#";
    /** Things get IRIs under this base: {@code thing:home1:kitchen-light}. */
    public static final String THING = "https://twingraph.io/thing/";
    /** Named graphs live under this base. */
    public static final String GRAPH = "https://twingraph.io/graph/";
    /** The simulator's (and other authored) sites, floors and rooms. */
    public static final String SITE = "https://twingraph.io/site/";
    /** Rule decisions: {@code https://twingraph.io/decision/{id}}. */
    public static final String DECISION = "https://twingraph.io/decision/";
    /** Rules: {@code https://twingraph.io/rule/{package}/{rule name, percent-encoded}}. */
    public static final String RULE = "https://twingraph.io/rule/";

    public static final PrefixMapping PREFIXES = PrefixMapping.Factory.create()
            .setNsPrefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
            .setNsPrefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#")
            .setNsPrefix("xsd", "http://www.w3.org/2001/XMLSchema#")
            .setNsPrefix("owl", "http://www.w3.org/2002/07/owl#")
            .setNsPrefix("skos", "http://www.w3.org/2004/02/skos/core#")
            .setNsPrefix("brick", BRICK)
            .setNsPrefix("saref", SAREF)
            .setNsPrefix("sosa", SOSA)
            .setNsPrefix("prov", PROV)
            .setNsPrefix("unit", QUDT_UNIT)
            .setNsPrefix("tg", TG)
            .setNsPrefix("thing", THING)
            .setNsPrefix("site", SITE)
            .lock();

    private Namespaces() {
    }

    /** The prefixes as SPARQL {@code PREFIX} lines, for prepending to a query a person typed. */
    public static String sparqlPrologue() {
        StringBuilder sb = new StringBuilder();
        PREFIXES.getNsPrefixMap().forEach((p, ns) -> sb.append("PREFIX ").append(p).append(": <").append(ns).append(">\n"));
        return sb.toString();
    }

}
