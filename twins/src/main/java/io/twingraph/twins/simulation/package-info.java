/**
 * The device simulator: homes with rooms, people and devices that publish believable telemetry over MQTT and obey
 * commands, for {@code twingraph demo}, for tests and as a load generator.
 *
 * <p>{@link io.twingraph.twins.simulation.HomeSimulation} is the entry point, configured by
 * {@link io.twingraph.twins.simulation.SimulationConfig}. Each home has a ground floor (living room, kitchen,
 * hallway, office, garage), a first floor (bedroom, kids room, bathroom, landing) and a garden, 53 devices
 * (lights, one of them a colour lamp, climate sensors, thermostats, a heat pump, motion sensors, door and window
 * contacts, blinds, a front door lock, smart plugs, PV, battery, EV charger, weather station, grid meter) and a
 * family whose routine drives them. Everything is deterministic for a seed; time comes from an injected clock.
 *
 * <p>The rest of the package is the model: weather and sun, room air, the household's habits, one class per
 * device kind, and the MQTT wiring.
 */
package io.twingraph.twins.simulation;
