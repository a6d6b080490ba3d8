package io.twingraph.api.http;

import io.javalin.router.JavalinDefaultRoutingApi;

/** One area of the HTTP API (SPARQL, things, status...) registering its routes. */
@FunctionalInterface
public interface RouteGroup {
    void register(JavalinDefaultRoutingApi routes);
}
