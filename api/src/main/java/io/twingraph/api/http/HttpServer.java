package io.twingraph.api.http;

import java.util.List;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/**
 * TwinGraph's HTTP server (Javalin 7 on Jetty 12): the given route groups, the one error mapping, request size
 * limit. Stop it to free the port.
 */
public final class HttpServer implements AutoCloseable {
    /** Bodies larger than this are refused with 413. */
    public static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening; port 0 picks a free port. */
    public static HttpServer start(String host, int port, List<RouteGroup> groups) {
        Javalin app = Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            ErrorMapping.register(config.routes);
            groups.forEach(g -> g.register(config.routes));
        });
        app.start();
        return new HttpServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
