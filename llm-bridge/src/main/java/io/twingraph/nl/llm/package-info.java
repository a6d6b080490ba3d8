/**
 * The language model path of TwinGraph's natural language layer: {@link io.twingraph.nl.llm.LlmAgent} sends what the
 * local parser cannot handle to an OpenAI-compatible server or Ollama (through LangChain4j), with graph context, and
 * runs the model's tool calls ({@link io.twingraph.nl.llm.AgentTools}: guarded SPARQL, things, commands, goals).
 * {@link io.twingraph.nl.llm.LlmSettings} says which server; {@link io.twingraph.nl.llm.AgentAnswer} is the answer
 * with every tool call and every SPARQL query as it ran.
 */
package io.twingraph.nl.llm;
