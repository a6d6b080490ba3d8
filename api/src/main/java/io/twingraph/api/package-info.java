/**
 * The runnable TwinGraph: the HTTP server (SPARQL endpoint, Ditto-compatible things API, health), the command line,
 * and the wiring of broker, engine, MQTT connector and simulator. The only module that starts servers.
 */
package io.twingraph.api;
