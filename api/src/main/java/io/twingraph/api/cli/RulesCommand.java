package io.twingraph.api.cli;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph rules ...}: manage the rule packages of a running TwinGraph through its HTTP API. Compile errors
 * are printed one a line as {@code FILE:LINE: message}, as compilers do.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Manage rule packages of a running TwinGraph: list, show, put, dry-run, rollback, delete, decisions.")
final class RulesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list | show | put | dry-run | rollback | delete | decisions")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PACKAGE", description = "The package name.")
    String pkg;

    @Parameters(index = "2", arity = "0..1", paramLabel = "FILE", description = "For put and dry-run: the DRL file.")
    Path file;

    @Option(names = "--version", description = "For rollback: the version to activate (default: the previous one).")
    Integer version;

    @Option(names = "--limit", defaultValue = "20", description = "For decisions: how many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    RunningServer location;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String base = location.find().orElseThrow(() -> new IllegalArgumentException(
                "no TwinGraph is running on " + location.data + "; start one (./twingraph serve) or pass --server URL"));
        PrintWriter out = spec.commandLine().getOut();
        switch (action) {
            case "list":
                return print(send(base, "GET", "/api/rules", null), out);
            case "decisions":
                return print(send(base, "GET", "/api/decisions?limit=" + limit, null), out);
            case "show":
                return print(send(base, "GET", "/api/rules/" + need(pkg, "PACKAGE"), null), out);
            case "put":
                return print(send(base, "PUT", "/api/rules/" + need(pkg, "PACKAGE"), drl()), out);
            case "dry-run":
                return print(send(base, "POST", "/api/rules/" + need(pkg, "PACKAGE") + "/dry-run", drl()), out);
            case "rollback":
                return print(send(base, "POST", "/api/rules/" + need(pkg, "PACKAGE") + "/rollback"
                        + (version == null ? "" : "?version=" + version), ""), out);
            case "delete":
                return print(send(base, "DELETE", "/api/rules/" + need(pkg, "PACKAGE"), null), out);
            default:
                throw new IllegalArgumentException("unknown action '" + action
                        + "': use list, show, put, dry-run, rollback, delete or decisions");
        }
    }

    private String drl() throws java.io.IOException {
        if (file == null) {
            throw new IllegalArgumentException("give the DRL file: twingraph rules " + action + " PACKAGE FILE.drl");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String need(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("give the " + what);
        }
        return value;
    }

    private HttpResponse<String> send(String base, String method, String path, String body) throws Exception {
        HttpRequest request = location.request(base + path).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "text/plain; charset=utf-8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return RunningServer.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int print(HttpResponse<String> response, PrintWriter out) throws Exception {
        if (response.statusCode() == 204) {
            out.println("done");
            return 0;
        }
        JsonNode body = Json.MAPPER.readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + body.path("message").asText(response.body()));
            String where = file == null ? (pkg == null ? "" : pkg) : file.toString();
            for (JsonNode e : body.path("errors")) {
                err.println(where + ":" + e.path("line").asInt() + ": " + e.path("message").asText());
            }
            return 1;
        }
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        return 0;
    }
}
