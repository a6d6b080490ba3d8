/**
 * Access to the knowledge graph by policy: {@link io.twingraph.engine.access.ThingVisibility} says which twins (and
 * parts) a caller may read, and {@link io.twingraph.engine.access.VisibleDataset} is the read-only view of the graph in
 * which that caller's SPARQL queries see only the triples of those twins. The engine knows nothing of tokens: the
 * visibility comes from a caller's {@link io.twingraph.twins.policy.ThingAccess} under Ditto policies.
 */
package io.twingraph.engine.access;
