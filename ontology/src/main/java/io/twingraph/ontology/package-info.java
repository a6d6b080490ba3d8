/**
 * TwinGraph's vocabulary: the IRIs of the namespaces the knowledge graph uses (Brick, SAREF, SOSA, the small
 * {@code tg:} vocabulary) and of TwinGraph's named graphs, as Jena nodes.
 *
 * <p>The Turtle definition of {@code tg:} (aligned to Brick, SAREF and SOSA by {@code rdfs:subClassOf}) and the SHACL
 * shapes of mirrored twins ship as classpath resources next to these classes: {@link io.twingraph.ontology.TG#TURTLE}
 * and {@link io.twingraph.ontology.TG#SHAPES}.
 */
package io.twingraph.ontology;
