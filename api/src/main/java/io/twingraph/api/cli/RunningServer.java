package io.twingraph.api.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.twingraph.api.app.ServerFile;

/** Finds the TwinGraph serving a data directory (or the one named by {@code --server}) and checks that it answers. */
final class RunningServer {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningServer() {
    }

    /** The base URL of a live server: the explicit one, else the one recorded in the data directory if it answers. */
    static Optional<String> find(String explicit, Path dataDir) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(stripSlash(explicit));
        }
        return ServerFile.read(dataDir).filter(RunningServer::answers).map(RunningServer::stripSlash);
    }

    private static boolean answers(String url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(stripSlash(url) + "/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 || r.statusCode() == 503;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
