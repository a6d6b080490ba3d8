package io.twingraph.api.http;

import java.util.Set;

import io.javalin.security.RouteRole;

/**
 * One registered route: the route table the access check and the security test matrix are built from.
 *
 * @param method HTTP method ({@code GET}, {@code POST}...)
 * @param path   Javalin path pattern ({@code /api/rules/{package}})
 * @param roles  the roles the route was registered with (exactly one for a route that may be served)
 */
public record RouteInfo(String method, String path, Set<RouteRole> roles) {
    public RouteInfo {
        roles = Set.copyOf(roles);
    }
}
