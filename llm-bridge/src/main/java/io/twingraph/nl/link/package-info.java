/**
 * Fuzzy linking of device and room names for the natural language layer: {@link io.twingraph.nl.link.NameLinker}
 * finds which labels or aliases ({@link io.twingraph.nl.link.Named}) a phrase such as "lamp in the lounge" or "telly"
 * most likely means ({@link io.twingraph.nl.link.Candidate}), by cosine similarity of sentence embeddings from the
 * in-process all-MiniLM-L6-v2 model (quantised, ONNX, no network), shared through
 * {@link io.twingraph.nl.link.EmbeddingModels}. When the model cannot load, linking finds nothing and says why once
 * in the log; it never throws into a request.
 */
package io.twingraph.nl.link;
