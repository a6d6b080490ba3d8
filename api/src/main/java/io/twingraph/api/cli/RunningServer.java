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
import picocli.CommandLine.Option;

/**
 * The {@code --data} and {@code --server} options of commands that talk to a running TwinGraph when there is one
 * (mixed into them with {@code @Mixin}), and how that server is found: the explicit URL, else the one recorded in
 * the data directory if it answers.
 */
final class RunningServer {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Option(names = "--data", defaultValue = "${env:TWINGRAPH_DATA:-data}", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--server", description = "URL of a running TwinGraph (default: the one serving --data, if any).")
    String server;

    @Option(names = "--token", defaultValue = "${env:TWINGRAPH_TOKEN}",
            description = "API token (better: the TWINGRAPH_TOKEN environment variable; default: the local admin token in <data>/access/admin.token).")
    String token;

    /** A request to the server carrying the caller's token, when one is known. */
    HttpRequest.Builder request(String url) {
        return authorized(HttpRequest.newBuilder(URI.create(url)), token != null && !token.isBlank() ? token
                : io.twingraph.api.access.AdminToken.read(data).orElse(null));
    }

    /** Adds {@code Authorization: Bearer} when there is a token. */
    static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return token == null || token.isBlank() ? builder : builder.header("Authorization", "Bearer " + token.trim());
    }

    /** The base URL of the live server these options point at, if any. */
    Optional<String> find() {
        return find(server, data);
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
