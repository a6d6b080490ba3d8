/**
 * Natural language to commands, questions and goals. {@link io.twingraph.nl.NaturalLanguage} is the one entry: a
 * local, deterministic parser ({@code nl.parse}) that links names against the graph's labels and aliases
 * ({@code nl.home}) handles what it is confident about; an LLM ({@code nl.llm}, optional) takes the rest. Commands go
 * out through the engine's command gateway and are checked against the twin; questions become SPARQL that is shown
 * with the answer; goals become rule facts.
 *
 * <p>What a device is, for language, comes from its twin: the attributes {@code kind} (light, switch, fan, cover,
 * lock, valve, climate, sensor, binary_sensor, media_player, ...) and {@code deviceClass} (curtain, blind, window,
 * door, garage_door, motion, temperature, ...) when present, otherwise its Brick/SAREF class and features. The
 * properties it acts on are {@code light/on}, {@code light/brightness} (0-100), {@code light/color},
 * {@code switch/on}, {@code fan/on}, {@code cover/position} (0-100, 100 open), {@code cover/open},
 * {@code lock/locked}, {@code valve/open}, {@code thermostat/setpoint}; it reads {@code thermostat/temperature},
 * {@code environment/temperature}, {@code contact/open}, {@code presence/occupied} and the like.
 */
package io.twingraph.nl;
