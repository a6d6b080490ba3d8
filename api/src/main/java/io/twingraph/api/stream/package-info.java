/**
 * Live streams over HTTP: {@link io.twingraph.api.stream.TwinStreamRoutes} sends every committed twin change to
 * server-sent-event clients (the dashboard's Home page), each client with its own bounded buffer.
 */
package io.twingraph.api.stream;
