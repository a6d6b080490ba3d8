package io.twingraph.api.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
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
 * {@code twingraph privacy export|erase SUBJECT}: a person's data through the running server
 * ({@code GET/DELETE /api/privacy/{subject}}, admin token); {@code export} without a subject exports the caller's own
 * ({@code GET /api/me/privacy}, any token).
 */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = {"Export or erase everything TwinGraph holds about a person (a token's subject).",
                "  twingraph privacy export alice > alice.json",
                "  twingraph privacy export                      (your own, with your token in TWINGRAPH_TOKEN)",
                "  twingraph privacy erase alice --yes           (cannot be undone)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:server error", "2:refused (unknown or invalid subject, no right, no --yes) or no server"})
final class PrivacyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "export or erase")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SUBJECT", description = "Whose data (default for export: yours).")
    String subject;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the export to this file instead of standard output.")
    Path outFile;

    @Option(names = "--yes", description = "Confirm an erasure: it cannot be undone.")
    boolean yes;

    @Mixin
    RunningServer location;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HttpRequest.Builder request;
        if (action.equals("export")) {
            request = location.request(base() + (subject == null ? "/api/me/privacy" : "/api/privacy/" + encode(subject))).GET();
        } else if (action.equals("erase")) {
            if (subject == null) {
                throw new IllegalArgumentException("erase needs the SUBJECT whose data to erase");
            }
            if (!yes) {
                throw new IllegalArgumentException("erasing " + subject + "'s data cannot be undone: add --yes "
                        + "(export it first with: twingraph privacy export " + subject + " --out FILE)");
            }
            request = location.request(base() + "/api/privacy/" + encode(subject)).DELETE();
        } else {
            throw new IllegalArgumentException("unknown action '" + action + "': use export or erase");
        }
        HttpResponse<String> response;
        try {
            response = RunningServer.HTTP.send(request.timeout(Duration.ofMinutes(5)).header("Accept", "application/json")
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw noServer();
        }
        if (response.statusCode() != 200) {
            return refused(response);
        }
        JsonNode body = Json.MAPPER.readTree(response.body());
        String pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body);
        PrintWriter out = spec.commandLine().getOut();
        if (action.equals("export") && outFile != null) {
            Files.writeString(outFile, pretty + "\n", StandardCharsets.UTF_8);
            out.println("Wrote " + outFile);
        } else if (action.equals("erase")) {
            out.println("Erased. The audit log now knows them as " + body.path("pseudonym").asText() + ".");
            out.println(pretty);
        } else {
            out.println(pretty);
        }
        out.flush();
        return 0;
    }

    private String base() {
        return location.find().orElseThrow(this::noServer);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    private IllegalArgumentException noServer() {
        return new IllegalArgumentException("no TwinGraph is running " + (location.server != null ? "at " + location.server
                : "on " + location.data) + "; start one, or pass --server URL");
    }

    /** Prints the server's error message and hint; 2 for a refusal (4xx), 1 for a server error. */
    private int refused(HttpResponse<String> response) {
        PrintWriter err = spec.commandLine().getErr();
        JsonNode error;
        try {
            error = Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            error = null;
        }
        err.println("error: " + (error != null && error.hasNonNull("message")
                ? error.path("message").asText() + " [" + error.path("error").asText() + "]"
                : response.statusCode() + " " + response.body()));
        if (error != null && error.hasNonNull("description")) {
            err.println("       " + error.path("description").asText());
        }
        err.flush();
        return response.statusCode() / 100 == 4 ? 2 : 1;
    }
}
