package io.twingraph.api.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.TopicPath;

import io.twingraph.twins.ditto.DittoProtocolCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twingraph eval ditto-protocol [DIR]}: measures TwinGraph's Ditto Protocol codec and twin semantics against
 * the examples of Eclipse Ditto's documentation ({@code protocol_examples.jsonl} and
 * {@code protocol_example_scenarios.jsonl}, see {@code SOURCE.txt} there).
 *
 * <ol>
 * <li>Round trip: every example message is decoded with {@link DittoProtocolCodec#decode} and encoded again with
 * {@link DittoProtocolCodec#encode} on the same channel; the result must be JSON-equal to the original. Headers that
 * Ditto's adapter adds by itself are counted apart, not as failures; a header that is lost or changed is a failure.
 * Results per topic category (group/channel/criterion/action) and per addressed resource.</li>
 * <li>Replay: every twin command of the things scenarios is converted with {@link DittoProtocolCodec#toTwinCommand},
 * applied by an in-memory engine, and its outcome (status, event action and path) compared with the scenario's
 * response and event. Retrieve commands read the engine's twin store. Each command runs on a fresh twin seeded so that
 * the scenario's precondition holds (the resource absent for "created", present otherwise).</li>
 * </ol>
 *
 * <p>Exit code 0 when every supported check passed, 1 when one failed, 2 when the data is missing.
 */
@Command(name = "ditto-protocol", mixinStandardHelpOptions = true,
        description = "Round-trip Ditto's Protocol examples through TwinGraph's codec and replay the things scenarios.")
public final class DittoProtocolEval implements Callable<Integer> {
    static final String EXAMPLES = "protocol_examples.jsonl";
    static final String SCENARIOS = "protocol_example_scenarios.jsonl";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/data/ditto",
            description = "Directory with " + EXAMPLES + " and " + SCENARIOS + " (default: ${DEFAULT-VALUE}).")
    private Path directory;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path examples = directory.resolve(EXAMPLES);
        Path scenarios = directory.resolve(SCENARIOS);
        if (!Files.isRegularFile(examples) || !Files.isRegularFile(scenarios)) {
            err.println("No Ditto Protocol examples at " + directory.toAbsolutePath().normalize() + ": expected "
                    + EXAMPLES + " and " + SCENARIOS + " there (derived from github.com/eclipse-ditto/ditto, see "
                    + "SOURCE.txt). Give the directory as argument.");
            err.flush();
            return 2;
        }
        List<JsonObject> exampleLines;
        List<JsonObject> scenarioLines;
        try {
            exampleLines = readJsonLines(examples);
            scenarioLines = readJsonLines(scenarios);
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read the examples in " + directory + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        DittoProtocolCodec codec = new DittoProtocolCodec();
        DittoRoundTrip.Report roundTrip = DittoRoundTrip.run(codec, exampleLines);
        roundTrip.print(out, examples);
        out.println();
        DittoScenarioReplay.Report replay = DittoScenarioReplay.run(codec, scenarioLines);
        replay.print(out, scenarios);
        out.println();
        printSummary(out, roundTrip, replay);
        out.flush();
        // What TwinGraph claims is the things twin protocol: failures elsewhere (policies, connections, search) are
        // unsupported, and failures that an inconsistent example explains are reported but do not fail the run.
        return roundTrip.unexplainedTwinFailures() + replay.unexplainedFailures() == 0 ? 0 : 1;
    }

    private static void printSummary(PrintWriter out, DittoRoundTrip.Report roundTrip, DittoScenarioReplay.Report replay) {
        out.println("== Summary");
        out.printf("round trip: %d/%d messages JSON-equal (%s; strictly, without normalisation: %d, %s); %d decoded (%s); "
                        + "%d headers added by Ditto's adapter in %d messages (not failures)%n",
                roundTrip.equal(), roundTrip.total(), percent(roundTrip.equal(), roundTrip.total()),
                roundTrip.strictlyEqual(), percent(roundTrip.strictlyEqual(), roundTrip.total()),
                roundTrip.decoded(), percent(roundTrip.decoded(), roundTrip.total()),
                roundTrip.addedHeaderCount(), roundTrip.messagesWithAddedHeaders());
        int[] twin = roundTrip.thingsTwin();
        out.printf("round trip of things/twin commands, responses, events and errors (what TwinGraph speaks): %d/%d (%s); "
                        + "of the %d differences, %d are explained by inconsistent examples, %d are not%n",
                twin[0], twin[1], percent(twin[0], twin[1]), twin[1] - twin[0], roundTrip.explainedTwinFailures(),
                roundTrip.unexplainedTwinFailures());
        out.printf("replay: %d/%d twin command checks passed (%s); %d failures, %d of them explained by inconsistent "
                        + "examples; %d scenarios, %d replayed, %d not replayed (unsupported groups, or no commands)%n",
                replay.passedChecks(), replay.totalChecks(), percent(replay.passedChecks(), replay.totalChecks()),
                replay.failed(), replay.failed() - replay.unexplainedFailures(),
                replay.scenarios(), replay.replayedScenarios(), replay.unsupportedScenarios());
        out.println("not supported: policies (commands, events, errors, announcements), connections, the search "
                + "protocol (things/twin/search/*), live commands and messages (only sent, never received), "
                + "acknowledgements, conditional headers (if-match, condition) in protocol messages, _metadata.");
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "n/a" : String.format("%.1f%%", 100.0 * part / whole);
    }

    static List<JsonObject> readJsonLines(Path file) throws IOException {
        List<JsonObject> result = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                result.add(JsonFactory.newObject(line));
            }
        }
        return result;
    }

    /** {@code group/channel/criterion/action} of a topic, from Ditto's parsed topic path. */
    static String category(TopicPath topic) {
        StringBuilder category = new StringBuilder(topic.getGroup().getName());
        if (topic.getChannel() != TopicPath.Channel.NONE) {
            category.append('/').append(topic.getChannel().getName());
        }
        category.append('/').append(topic.getCriterion().getName());
        topic.getAction().ifPresent(a -> category.append('/').append(a.getName()));
        topic.getSearchAction().ifPresent(a -> category.append('/').append(a.getName()));
        topic.getStreamingAction().ifPresent(a -> category.append('/').append(a.getName()));
        topic.getSubject().filter(s -> topic.getCriterion() != TopicPath.Criterion.MESSAGES)
                .ifPresent(s -> category.append('/').append(s));
        return category.toString();
    }

    /** The same from the raw topic string, for messages that did not decode: everything after namespace/name. */
    static String category(String topic) {
        String[] parts = topic.split("/", 3);
        return parts.length == 3 ? parts[2] : topic;
    }

    /** What a things message addresses, from its path: thing, attribute, feature property... */
    static String resource(String path) {
        String[] p = path.isEmpty() || "/".equals(path) ? new String[0] : path.substring(1).split("/");
        if (p.length == 0) {
            return "thing";
        }
        switch (p[0]) {
            case "attributes":
                return p.length == 1 ? "attributes" : "attribute";
            case "features":
                if (p.length == 1) {
                    return "features";
                }
                if (p.length == 2) {
                    return "feature";
                }
                if ("properties".equals(p[2])) {
                    return p.length == 3 ? "feature properties" : "feature property";
                }
                if ("desiredProperties".equals(p[2])) {
                    return p.length == 3 ? "feature desired properties" : "feature desired property";
                }
                return "feature " + p[2];
            default:
                return p[0];
        }
    }

    /** Counters per key, printed sorted. */
    static final class Tally {
        final Map<String, int[]> rows = new TreeMap<>();

        void add(String key, boolean pass) {
            int[] row = rows.computeIfAbsent(key, k -> new int[2]);
            row[0]++;
            if (pass) {
                row[1]++;
            }
        }

        void print(PrintWriter out, String title) {
            out.println(title);
            rows.forEach((key, row) -> out.printf("  %-52s %4d/%-4d %s%n", key, row[1], row[0],
                    row[1] == row[0] ? "PASS" : "FAIL"));
        }
    }

    static String text(JsonObject json, String key) {
        return json.getValue(key).filter(JsonValue::isString).map(JsonValue::asString).orElse("");
    }
}
