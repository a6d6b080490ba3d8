/**
 * Live streams over HTTP: {@link io.twingraph.api.stream.TwinStreamRoutes} sends every committed twin change to
 * server-sent-event clients (the dashboard's Home page), each with its own bounded buffer and only what its caller
 * may read.
 */
package io.twingraph.api.stream;
