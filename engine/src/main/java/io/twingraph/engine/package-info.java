/**
 * The engine: the knowledge graph (TDB2), the mirror that keeps twins and graph in step, and the single writer that
 * applies every change in micro-batches.
 *
 * <p>Start with {@link io.twingraph.engine.TwinGraphEngine}: it owns the twin store, the graph and the writer thread.
 * {@link io.twingraph.engine.KnowledgeGraph} is the graph on its own (reads on snapshots, imports);
 * {@link io.twingraph.engine.SparqlService} parses and runs SPARQL queries with time limits.
 */
package io.twingraph.engine;
