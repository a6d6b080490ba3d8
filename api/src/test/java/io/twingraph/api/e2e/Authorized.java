package io.twingraph.api.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.twingraph.api.access.AdminToken;
import io.twingraph.api.app.TwinGraphApp;

/**
 * Requests to a test's TwinGraph carrying its admin token: tests register each server they start, by base URL.
 */
public final class Authorized {
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Authorized() {
    }

    /** Remembers the admin token of an app started in this JVM. */
    public static TwinGraphApp register(TwinGraphApp app) {
        TOKENS.put(origin(app.httpUrl()), app.adminToken());
        return app;
    }

    /** Remembers the admin token of a server started in another process on a data directory. */
    public static void register(String httpUrl, Path dataDir) {
        TOKENS.put(origin(httpUrl), AdminToken.read(dataDir).orElseThrow(
                () -> new IllegalStateException("no admin token in " + dataDir)));
    }

    /** A request builder with {@code Authorization: Bearer} set when the server is registered. */
    public static HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        String token = TOKENS.get(origin(url));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static String origin(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }
}
