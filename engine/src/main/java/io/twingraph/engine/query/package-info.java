/**
 * SPARQL from authors TwinGraph does not trust: {@link io.twingraph.engine.query.QueryGuard} is the one place that
 * decides whether such a query may run (read-only forms only, no SERVICE, only allowed graphs, a LIMIT and a time
 * limit) and gives back the text exactly as it runs, to show to the person who asked.
 */
package io.twingraph.engine.query;
