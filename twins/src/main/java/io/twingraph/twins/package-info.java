/**
 * Digital twins on Eclipse Ditto's own things model: the commands that change a twin ({@link
 * io.twingraph.twins.TwinCommand}), the events that report a change ({@link io.twingraph.twins.TwinEvent}), the
 * persistent embedded store ({@link io.twingraph.twins.TwinStore}), the MQTT topics devices use ({@link
 * io.twingraph.twins.Topics}) and the dead-letter record of input that could not be accepted ({@link
 * io.twingraph.twins.DeadLetters}).
 *
 * <p>This module knows nothing about RDF; the engine mirrors twins into the knowledge graph.
 */
package io.twingraph.twins;
