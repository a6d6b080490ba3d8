package io.twingraph.api.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;

/**
 * TwinGraph ({@code twingraph serve}) in a JVM of its own, on the test's class path, with its output in a log file: a
 * process the test can kill with {@code kill -9} ({@link Process#destroyForcibly()}).
 */
final class ChildTwinGraph implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final String httpUrl;

    private ChildTwinGraph(Process process, Path log, String httpUrl) {
        this.process = process;
        this.log = log;
        this.httpUrl = httpUrl;
    }

    /**
     * Starts {@code serve} on the data directory and waits until its HTTP server answers.
     *
     * @param mqttArgs {@code --mqtt URI} for an external broker, or {@code --mqtt-port N} for the embedded one
     */
    static ChildTwinGraph start(Path data, Path log, int httpPort, List<String> mqttArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", classPath(),
                "io.twingraph.api.cli.Main", "serve", "--data", data.toString(), "--port", Integer.toString(httpPort)));
        command.addAll(mqttArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ChildTwinGraph child = new ChildTwinGraph(process, log, "http://127.0.0.1:" + httpPort);
        child.awaitUp(Duration.ofSeconds(60));
        Authorized.register(child.httpUrl, data);
        return child;
    }

    /** The forked test JVM's class path: Surefire/Failsafe keep the real one here when they boot from a manifest jar. */
    private static String classPath() {
        String real = System.getProperty("surefire.test.class.path");
        return real != null && !real.isBlank() ? real : System.getProperty("java.class.path");
    }

    private void awaitUp(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("TwinGraph exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = HTTP.send(Authorized.request(httpUrl + "/health")
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("TwinGraph did not come up within " + within + ":\n" + logTail());
    }

    String httpUrl() {
        return httpUrl;
    }

    /** The engine part of {@code /health}. */
    JsonNode engineHealth() throws Exception {
        return Json.MAPPER.readTree(HTTP.send(Authorized.request(httpUrl + "/health")
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body()).path("engine");
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    String logTail() {
        try {
            String all = log();
            return all.substring(Math.max(0, all.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops it the polite way (SIGTERM runs the shutdown hook), or kills it if it does not stop in time. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
