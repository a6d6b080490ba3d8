package io.twingraph.api.http;

import java.util.ArrayList;
import java.util.List;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.twingraph.api.access.AccessControl;
import io.twingraph.api.web.Dashboard;

/**
 * TwinGraph's HTTP server (Javalin 7 on Jetty 12): the given route groups, the one error mapping, the request size
 * limit and, in a real deployment, the access control in front of every route. Stop it to free the port.
 */
public final class HttpServer implements AutoCloseable {
    /** Bodies larger than this are refused with 413. */
    public static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;

    private final Javalin app;
    private final List<RouteInfo> routes;

    private HttpServer(Javalin app, List<RouteInfo> routes) {
        this.app = app;
        this.routes = List.copyOf(routes);
    }

    /**
     * Starts listening without access control: every caller is an administrator. For route tests and in-process
     * evaluations on loopback only; the application always starts with {@link #start(String, int, AccessControl, List)}.
     */
    public static HttpServer start(String host, int port, List<RouteGroup> groups) {
        return start(host, port, null, groups);
    }

    /**
     * Starts listening; port 0 picks a free port.
     *
     * @param access the gate in front of every route, or null for none (tests)
     * @throws IllegalStateException when access control is on and a route has no role
     */
    public static HttpServer start(String host, int port, AccessControl access, List<RouteGroup> groups) {
        List<RouteInfo> table = new ArrayList<>();
        Javalin app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    table.add(new RouteInfo(h.getHttpMethod().name(), h.getPath(), h.getRoles()));
                }
            });
            Dashboard.configure(config); // the dashboard's files: /web and /webjars, public
            ErrorMapping.register(config.routes);
            if (access != null) {
                access.register(config.routes);
            }
            groups.forEach(g -> g.register(config.routes));
        });
        if (access != null) {
            AccessControl.checkRoutes(table);
        }
        app.start();
        return new HttpServer(app, table);
    }

    public int port() {
        return app.port();
    }

    /** Every route served, in registration order. */
    public List<RouteInfo> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
    }
}
