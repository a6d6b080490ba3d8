/**
 * The facts a rule author writes DRL against: {@link io.twingraph.engine.rules.facts.Device} (a twin with its class,
 * room, floor and current properties), {@link io.twingraph.engine.rules.facts.Reading} events (STREAM mode, so
 * {@code window:time}, {@code after} and {@code over} work), {@link io.twingraph.engine.rules.facts.Room},
 * {@link io.twingraph.engine.rules.facts.Goal}, {@link io.twingraph.engine.rules.facts.PriceSlot} and
 * {@link io.twingraph.engine.rules.facts.Anomaly}. A package imports them all with
 * {@code import io.twingraph.engine.rules.facts.*;}. Facts are immutable: when a twin changes, its {@code Device}
 * fact is replaced by a new one.
 */
package io.twingraph.engine.rules.facts;
