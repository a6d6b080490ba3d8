package io.twingraph.api.eval.intents;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twingraph eval intents [DIR]}: Home Assistant's intent recognition tests (github.com/home-assistant/intents,
 * {@code tests/<language>/}) against TwinGraph's natural-language API. Each test home ({@link HaSuite}) is loaded into
 * one in-process TwinGraph as floors, rooms and twins ({@link HaTwins}); every sentence is sent to
 * {@code POST /api/nl} as a dry run, in a new conversation, with the test's {@code context.area} as the speaker's
 * area; the reply's interpretation is read as Home Assistant's intent and slots ({@link HaIntents}) and scored
 * against the test ({@link IntentScore}, {@link IntentsReport}).
 *
 * <p>Exit code 0 when the tests ran (the score is information, not a verdict), 2 when the directory is missing or
 * unreadable or this TwinGraph has no {@code /api/nl}.
 */
@Command(name = "intents", mixinStandardHelpOptions = true,
        description = "Run Home Assistant's intent tests (sentences with expected intent and slots) against POST "
                + "/api/nl of an in-process TwinGraph holding each test home; print intent accuracy, exact match, slot "
                + "precision/recall/F1 per intent, the share of unsupported intents and latency.")
public final class IntentsEval implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/data/ha-intents/tests/en",
            description = "A Home Assistant intents test directory: _fixtures.yaml, test files, intent sub-folders "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path directory;

    @Option(names = "--failures", paramLabel = "N", defaultValue = "0",
            description = "Print up to N sentences of supported intents that did not match exactly (sentence, "
                    + "expected, got), taken from each intent in turn.")
    private int failures;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the whole report, every sentence "
            + "included, as JSON to FILE.")
    private Path json;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest wait for one reply (default: ${DEFAULT-VALUE}).")
    private int requestTimeoutSeconds;

    @Option(names = "--warmup", paramLabel = "PASSES", defaultValue = "1",
            description = "Unscored passes over every sentence before the scored one, so that latency is measured on "
                    + "a warm JVM as a running server would be (the cold pass's latency is printed too; default: "
                    + "${DEFAULT-VALUE}, 0 for none).")
    private int warmup;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = directory.toAbsolutePath().normalize();
        if (!HaSuite.present(directory)) {
            err.println("No Home Assistant intents tests at " + dir + ": expected " + HaSuite.FIXTURES + " or intent "
                    + "sub-folders with YAML test files there (tests/<language>/ of github.com/home-assistant/intents, "
                    + "see SOURCE.txt). Give the directory as argument.");
            err.flush();
            return 2;
        }
        HaSuite suite;
        try {
            suite = HaSuite.read(directory);
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read the intents tests in " + dir + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (suite.sentences() == 0) {
            err.println("No test sentences in " + dir + ".");
            err.flush();
            return 2;
        }
        long files = suite.groups().stream().flatMap(g -> g.cases().stream()).map(HaSuite.HaCase::file).distinct()
                .count();
        out.printf(Locale.ROOT, "Home Assistant intents tests in %s: %d test files, %d homes, %d sentences%n", dir,
                files, suite.groups().size(), suite.sentences());
        suite.warnings().forEach(w -> out.println("  note: " + w));
        out.flush();

        List<IntentsReport.SentenceResult> results = new ArrayList<>();
        try (IntentsRunner runner = IntentsRunner.start(Duration.ofSeconds(requestTimeoutSeconds))) {
            boolean nl = runner.hasNlApi();
            if (!nl) {
                out.println("Loading the homes only: this TwinGraph has no POST " + IntentsRunner.NL_PATH + ".");
            }
            out.println("TwinGraph at " + runner.baseUrl());
            if (nl && warmup > 0) {
                List<IntentsReport.SentenceResult> cold = new ArrayList<>();
                for (int pass = 0; pass < warmup; pass++) {
                    for (HaSuite.Group group : suite.groups()) {
                        runner.load(group.home());
                        for (HaSuite.HaCase c : group.cases()) {
                            c.sentences().forEach(sentence -> cold.add(run(runner, c, sentence)));
                        }
                    }
                }
                IntentsReport coldReport = new IntentsReport(cold.subList(0, suite.sentences()));
                out.println("warm-up: " + warmup + " unscored pass(es); latency of the first (cold JVM) pass: reply's own "
                        + coldReport.replyLatency());
                out.flush();
            }
            for (HaSuite.Group group : suite.groups()) {
                long start = System.nanoTime();
                runner.load(group.home());
                HaHome home = group.home();
                out.printf(Locale.ROOT, "home %-40s %d floors, %d areas, %d twins loaded in %.0f ms; %d sentences%s%n",
                        home.source() + ":", home.floors().size(), home.areas().size(), home.entities().size(),
                        (System.nanoTime() - start) / 1e6, group.sentences(), nl ? "" : " (not sent)");
                out.flush();
                if (!nl) {
                    continue;
                }
                for (HaSuite.HaCase c : group.cases()) {
                    for (String sentence : c.sentences()) {
                        results.add(run(runner, c, sentence));
                    }
                }
            }
            if (!nl) {
                err.println("This TwinGraph has no natural-language API (POST " + IntentsRunner.NL_PATH + " answered "
                        + "404): the homes load, but there is nothing to score. Run it with a build that has "
                        + IntentsRunner.NL_PATH + ".");
                err.flush();
                return 2;
            }
        } catch (IOException e) {
            err.println("The evaluation failed: " + e);
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            // a defect, not bad input: the trace is what a bug report needs
            err.println("The evaluation failed: " + e);
            e.printStackTrace(err);
            err.flush();
            return 2;
        }
        IntentsReport report = new IntentsReport(results);
        out.println();
        report.print(out, failures);
        out.flush();
        if (json != null) {
            try {
                Map<String, Object> tree = new LinkedHashMap<>();
                tree.put("directory", dir.toString());
                tree.put("homes", suite.groups().size());
                tree.put("notes", suite.warnings());
                tree.putAll(report.toJson());
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(json.toFile(), tree);
                out.println("report written to " + json.toAbsolutePath().normalize());
            } catch (IOException e) {
                err.println("Cannot write " + json + ": " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        out.flush();
        return 0;
    }

    /** Sends one sentence and scores the reply. */
    static IntentsReport.SentenceResult run(IntentsRunner runner, HaSuite.HaCase c, String sentence) {
        IntentsRunner.Answer answer = runner.ask(sentence, c.contextArea());
        HaIntents.Reading reading;
        String status;
        String text;
        double replyMillis = Double.NaN;
        if (answer.status() == 200 && answer.body() != null) {
            reading = HaIntents.read(answer.body());
            status = HaSuite.text(answer.body().get("status"));
            text = HaSuite.text(answer.body().get("answer"));
            JsonNode millis = answer.body().get("millis");
            if (millis != null && millis.isNumber()) {
                replyMillis = millis.asDouble();
            }
        } else {
            reading = HaIntents.Reading.NONE;
            status = answer.status() == 0 ? "request failed" : "HTTP " + answer.status();
            text = answer.raw();
        }
        IntentScore.Sentence score = IntentScore.score(c.intent(), c.slots(), reading.intent(), reading.slots());
        return new IntentsReport.SentenceResult(c.file(), c.index() + 1, sentence, c.contextArea(), c.intent(),
                c.slots(), reading, status == null ? "-" : status, text, answer.clientMillis(), replyMillis, score);
    }
}
