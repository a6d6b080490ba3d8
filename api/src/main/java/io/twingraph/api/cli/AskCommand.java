package io.twingraph.api.cli;

import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.twingraph.api.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph ask "turn on the kitchen light"}: says one sentence to the running TwinGraph
 * ({@code POST /api/nl}) and prints the reply: the answer in words, what was understood, then each device command
 * with its outcome, or the SPARQL query that answered a question. {@code --json} prints the reply as the server sent
 * it.
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Say something to the running TwinGraph in English: a command (\"turn on the kitchen light\"), "
                + "a question (\"which windows are open?\") or a goal (\"keep the office at 21 while I'm there\").",
                "Needs a running server: start one with ./twingraph demo."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:DONE, ANSWERED, GOAL_SET, PLANNED (dry run) or CANCELLED",
                "1:NOT_CONFIRMED, FAILED, CLARIFY, NOT_UNDERSTOOD or NO_MATCH (or a server error)",
                "2:the request was refused (HTTP 4xx: empty or too long text, unknown --area), or no server is running"})
final class AskCommand implements Callable<Integer> {
    /** Reply statuses that mean the sentence was carried out (or, on a dry run, planned). */
    static final Set<String> SUCCESS = Set.of("DONE", "ANSWERED", "GOAL_SET", "PLANNED", "CANCELLED");

    @Parameters(arity = "1..*", paramLabel = "TEXT",
            description = "What to say; quote it, or give the words as they are (they are joined with spaces).")
    List<String> words;

    @Option(names = "--conversation", paramLabel = "ID",
            description = "Continue this conversation (for follow-ups like \"turn it off\"); the id is printed with each reply.")
    String conversation;

    @Option(names = "--dry-run", description = "Interpret and plan, but send no command and set no goal.")
    boolean dryRun;

    @Option(names = "--area", paramLabel = "NAME",
            description = "Where you are (a room's name), for \"in here\" and commands that name no room.")
    String area;

    @Option(names = "--json", description = "Print the reply as the server sent it (JSON).")
    boolean json;

    @Mixin
    RunningServer location;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String base = location.find().orElseThrow(this::noServer);
        ObjectNode body = Json.MAPPER.createObjectNode().put("text", String.join(" ", words));
        if (conversation != null) {
            body.put("conversation", conversation);
        }
        if (dryRun) {
            body.put("dryRun", true);
        }
        if (area != null) {
            body.put("area", area);
        }
        HttpRequest request = location.request(base + "/api/nl").timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json; charset=utf-8").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = RunningServer.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw noServer();
        }
        if (response.statusCode() != 200) {
            return refused(response);
        }
        JsonNode reply = Json.MAPPER.readTree(response.body());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(response.body());
        } else {
            print(reply, out);
        }
        out.flush();
        return SUCCESS.contains(reply.path("status").asText()) ? 0 : 1;
    }

    private IllegalArgumentException noServer() {
        String where = location.server != null && !location.server.isBlank() ? "at " + location.server
                : "on " + location.data;
        return new IllegalArgumentException("no TwinGraph is running " + where
                + "; start one with ./twingraph demo (or ./twingraph serve), or pass --server URL");
    }

    /** Prints the error's message and hint; 2 for a refused request (4xx), 1 for a server error. */
    private int refused(HttpResponse<String> response) {
        PrintWriter err = spec.commandLine().getErr();
        JsonNode error = null;
        try {
            error = Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            // not the error shape: printed as it came
        }
        if (error != null && error.hasNonNull("message")) {
            err.println("error: " + error.path("message").asText() + " [" + error.path("error").asText() + "]");
            if (error.hasNonNull("description")) {
                err.println("       " + error.path("description").asText());
            }
        } else {
            err.println("error: " + response.statusCode() + " " + response.body());
        }
        err.flush();
        return response.statusCode() / 100 == 4 ? 2 : 1;
    }

    static void print(JsonNode reply, PrintWriter out) {
        out.println(reply.path("answer").asText());
        out.println(interpretation(reply));
        String status = reply.path("status").asText();
        for (JsonNode a : reply.path("actions")) {
            out.println("  " + a.path("name").asText(a.path("thing").asText()) + " (" + a.path("thing").asText() + ")"
                    + (a.hasNonNull("property") ? " " + a.path("property").asText() + " = " + a.path("value") : "")
                    + ": " + a.path("outcome").asText()
                    + (a.hasNonNull("detail") ? " (" + a.path("detail").asText() + ")" : ""));
        }
        for (JsonNode c : reply.path("candidates")) {
            out.println("  candidate: " + c.path("name").asText() + " (" + c.path("id").asText() + ")"
                    + (c.hasNonNull("area") ? " in " + c.path("area").asText() : ""));
        }
        if (reply.hasNonNull("goal")) {
            JsonNode g = reply.path("goal");
            out.println("  goal " + g.path("id").asText() + ": " + g.path("quantity").asText() + " "
                    + g.path("target").asText() + " in " + g.path("room").asText() + ", " + g.path("when").asText());
        }
        if (reply.hasNonNull("sparql")) {
            out.println("SPARQL:");
            reply.path("sparql").asText().lines().forEach(l -> out.println("  " + l));
        }
        out.println("status: " + status + ", conversation: " + reply.path("conversation").asText()
                + " (--conversation to follow up)");
    }

    /** One line: the intent and the things it applies to. */
    static String interpretation(JsonNode reply) {
        JsonNode in = reply.path("interpretation");
        List<String> things = new ArrayList<>();
        in.path("things").forEach(t -> things.add(t.asText()));
        return "understood: " + in.path("intent").asText("?") + " "
                + (things.isEmpty() ? "(no things)" : String.join(", ", things))
                + (in.has("confidence") ? " (confidence " + in.path("confidence").asText() + ", "
                + in.path("source").asText() + ")" : "");
    }
}
