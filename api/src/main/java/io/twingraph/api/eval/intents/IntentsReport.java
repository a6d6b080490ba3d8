package io.twingraph.api.eval.intents;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evaluation's figures from the sentences' results: per expected intent and over the supported intents, intent
 * accuracy, exact match and slot precision/recall/F1; the share of sentences whose intent TwinGraph does not model;
 * latency; reply statuses. Printed for people and as a JSON tree.
 */
final class IntentsReport {

    /**
     * One sentence's outcome.
     *
     * @param file           test file, relative to the test directory
     * @param test           the test's position in the file (1-based)
     * @param sentence       what was said
     * @param contextArea    the speaker's area sent with it, or null
     * @param expectedIntent Home Assistant's intent
     * @param expectedSlots  Home Assistant's slots
     * @param reading        TwinGraph's interpretation in HA terms ({@link HaIntents.Reading#NONE} on an error)
     * @param replyStatus    the reply's {@code status}, or {@code HTTP <code>} when the request failed
     * @param answer         the reply's {@code answer}, or the error text
     * @param clientMillis   request time measured by the client
     * @param replyMillis    the reply's {@code millis}, NaN when absent
     * @param score          the sentence's score
     */
    record SentenceResult(String file, int test, String sentence, String contextArea, String expectedIntent,
                          Map<String, Object> expectedSlots, HaIntents.Reading reading, String replyStatus,
                          String answer, double clientMillis, double replyMillis, IntentScore.Sentence score) {
        boolean supported() {
            return HaIntents.SUPPORTED.contains(expectedIntent);
        }
    }

    private final List<SentenceResult> results;
    private final Map<String, IntentScore.Tally> byIntent = new LinkedHashMap<>();
    private final IntentScore.Tally supported = new IntentScore.Tally();
    private final Map<String, int[]> bySlot = new TreeMap<>();
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final Map<String, Integer> predictedOnUnsupported = new TreeMap<>();
    private int unsupported;
    private int otherValueReads;
    private int otherValueReadsExpectingGetState;

    IntentsReport(List<SentenceResult> results) {
        this.results = List.copyOf(results);
        Map<String, IntentScore.Tally> tallies = new TreeMap<>();
        for (SentenceResult r : results) {
            tallies.computeIfAbsent(r.expectedIntent(), k -> new IntentScore.Tally()).add(r.score());
            statuses.merge(r.replyStatus(), 1, Integer::sum);
            if ("GET_VALUE".equals(r.reading().ours()) && r.reading().intent() == null) {
                otherValueReads++;
                if ("HassGetState".equals(r.expectedIntent())) {
                    otherValueReadsExpectingGetState++;
                }
            }
            if (r.supported()) {
                supported.add(r.score());
                for (String key : r.reading().slots().keySet()) {
                    int[] c = bySlot.computeIfAbsent(key, k -> new int[3]);
                    c[1]++;
                    if (r.expectedSlots().containsKey(key)
                            && IntentScore.matches(r.expectedSlots().get(key), r.reading().slots().get(key))) {
                        c[0]++;
                    }
                }
                r.expectedSlots().keySet().forEach(key -> bySlot.computeIfAbsent(key, k -> new int[3])[2]++);
            } else {
                unsupported++;
                if (r.reading().intent() != null) {
                    predictedOnUnsupported.merge(r.reading().intent(), 1, Integer::sum);
                }
            }
        }
        tallies.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, IntentScore.Tally> e) -> -e.getValue().sentences)
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> byIntent.put(e.getKey(), e.getValue()));
    }

    List<SentenceResult> results() {
        return results;
    }

    /** Tallies per expected intent, most sentences first. */
    Map<String, IntentScore.Tally> byIntent() {
        return byIntent;
    }

    /** The sum over the sentences whose expected intent is supported. */
    IntentScore.Tally supported() {
        return supported;
    }

    int unsupported() {
        return unsupported;
    }

    /** Share of all sentences whose expected intent the mapping cannot produce; NaN without sentences. */
    double unsupportedShare() {
        return results.isEmpty() ? Double.NaN : (double) unsupported / results.size();
    }

    Latency clientLatency() {
        return Latency.of(results.stream().mapToDouble(SentenceResult::clientMillis).toArray());
    }

    Latency replyLatency() {
        return Latency.of(results.stream().mapToDouble(SentenceResult::replyMillis).filter(d -> !Double.isNaN(d))
                .toArray());
    }

    void print(PrintWriter out, int failures) {
        out.println("== Per expected intent");
        out.printf(Locale.ROOT, "%-32s %9s %9s %10s %8s %8s %8s %8s%n", "intent", "sentences", "supported",
                "intent acc", "exact", "slot P", "slot R", "slot F1");
        for (Map.Entry<String, IntentScore.Tally> e : byIntent.entrySet()) {
            IntentScore.Tally t = e.getValue();
            boolean isSupported = HaIntents.SUPPORTED.contains(e.getKey());
            if (isSupported) {
                out.printf(Locale.ROOT, "%-32s %9d %9s %10s %8s %8s %8s %8s%n", e.getKey(), t.sentences, "yes",
                        percent(t.intentAccuracy()), percent(t.exactMatch()), percent(t.precision()),
                        percent(t.recall()), percent(t.f1()));
            } else {
                out.printf(Locale.ROOT, "%-32s %9d %9s %10s%n", e.getKey(), t.sentences, "no", "-");
            }
        }
        out.println();
        out.printf(Locale.ROOT, "== Over the supported intents (%d sentences; supported: %s)%n", supported.sentences,
                HaIntents.SUPPORTED.stream().sorted().collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "intent accuracy %s (%d/%d), exact match %s (%d/%d)%n",
                percent(supported.intentAccuracy()), supported.intentCorrect, supported.sentences,
                percent(supported.exactMatch()), supported.exact, supported.sentences);
        out.printf(Locale.ROOT, "slots: precision %s (%d/%d), recall %s (%d/%d), F1 %s%n",
                percent(supported.precision()), supported.slotsCorrect, supported.slotsPredicted,
                percent(supported.recall()), supported.slotsCorrect, supported.slotsExpected, percent(supported.f1()));
        out.println("per slot (correct / predicted / expected): " + bySlot.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1] + "/" + e.getValue()[2])
                .collect(Collectors.joining(", ")));
        out.println();
        out.printf(Locale.ROOT, "unsupported: %d of %d sentences (%s) expect an intent TwinGraph does not model%s%n",
                unsupported, results.size(), percent(unsupportedShare()), predictedOnUnsupported.isEmpty() ? ""
                        : "; of those, read as a supported intent: " + predictedOnUnsupported);
        if (otherValueReads > 0) {
            out.printf(Locale.ROOT, "GET_VALUE of a quantity other than temperature (mapped to no intent): %d "
                    + "sentences, %d of them expecting HassGetState%n", otherValueReads, otherValueReadsExpectingGetState);
        }
        out.println("reply statuses: " + statuses);
        out.println("latency, client (POST to whole reply): " + clientLatency());
        out.println("latency, reply's own millis:           " + replyLatency());
        if (failures > 0) {
            printFailures(out, failures);
        }
    }

    /** Up to {@code limit} sentences of supported intents that did not match exactly, taken from each intent in turn. */
    List<SentenceResult> failures(int limit) {
        Map<String, List<SentenceResult>> byExpected = new LinkedHashMap<>();
        byIntent.keySet().forEach(k -> byExpected.put(k, new ArrayList<>()));
        results.stream().filter(r -> r.supported() && !r.score().exact())
                .forEach(r -> byExpected.get(r.expectedIntent()).add(r));
        List<SentenceResult> picked = new ArrayList<>();
        for (int round = 0; picked.size() < limit; round++) {
            boolean any = false;
            for (List<SentenceResult> list : byExpected.values()) {
                if (round < list.size() && picked.size() < limit) {
                    picked.add(list.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return picked;
    }

    private void printFailures(PrintWriter out, int limit) {
        List<SentenceResult> picked = failures(limit);
        long total = results.stream().filter(r -> r.supported() && !r.score().exact()).count();
        out.println();
        out.printf(Locale.ROOT, "== Mismatches (%d of %d, supported intents only)%n", picked.size(), total);
        for (SentenceResult r : picked) {
            out.printf(Locale.ROOT, "%s#%d \"%s\"%s%n", r.file(), r.test(), r.sentence(),
                    r.contextArea() == null ? "" : " (speaker in " + r.contextArea() + ")");
            out.printf(Locale.ROOT, "    expected %s %s%n", r.expectedIntent(), r.expectedSlots());
            out.printf(Locale.ROOT, "    got      %s %s  [%s%s, %s] %s%n", r.reading().intent() == null ? "-"
                            : r.reading().intent(), r.reading().slots(),
                    r.reading().ours() == null ? "no interpretation" : r.reading().ours(),
                    r.reading().quantity() == null ? "" : " " + r.reading().quantity(), r.replyStatus(),
                    r.answer() == null ? "" : "\"" + abbreviate(r.answer()) + "\"");
        }
    }

    /** The whole report as a JSON-ready tree (NaN as null). */
    Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> intents = new LinkedHashMap<>();
        byIntent.forEach((k, t) -> {
            Map<String, Object> m = tally(t);
            m.put("supported", HaIntents.SUPPORTED.contains(k));
            intents.put(k, m);
        });
        root.put("perIntent", intents);
        root.put("supportedIntents", HaIntents.SUPPORTED.stream().sorted().toList());
        root.put("supportedTotals", tally(supported));
        Map<String, Object> slots = new LinkedHashMap<>();
        bySlot.forEach((k, c) -> slots.put(k, Map.of("correct", c[0], "predicted", c[1], "expected", c[2])));
        root.put("perSlot", slots);
        root.put("sentences", results.size());
        root.put("unsupportedSentences", unsupported);
        root.put("unsupportedShare", nullIfNaN(unsupportedShare()));
        root.put("unsupportedReadAsSupported", predictedOnUnsupported);
        root.put("replyStatuses", statuses);
        root.put("latencyClientMillis", latency(clientLatency()));
        root.put("latencyReplyMillis", latency(replyLatency()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SentenceResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file());
            m.put("test", r.test());
            m.put("sentence", r.sentence());
            m.put("contextArea", r.contextArea());
            m.put("expectedIntent", r.expectedIntent());
            m.put("expectedSlots", r.expectedSlots());
            m.put("supported", r.supported());
            m.put("intent", r.reading().intent());
            m.put("slots", r.reading().slots());
            m.put("ours", r.reading().ours());
            m.put("quantity", r.reading().quantity());
            m.put("status", r.replyStatus());
            m.put("answer", r.answer());
            m.put("intentCorrect", r.score().intentCorrect());
            m.put("exact", r.score().exact());
            m.put("slotsCorrect", r.score().correct());
            m.put("slotsPredicted", r.score().predicted());
            m.put("slotsExpected", r.score().expected());
            m.put("clientMillis", r.clientMillis());
            m.put("replyMillis", nullIfNaN(r.replyMillis()));
            rows.add(m);
        }
        root.put("results", rows);
        return root;
    }

    private static Map<String, Object> tally(IntentScore.Tally t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sentences", t.sentences);
        m.put("intentCorrect", t.intentCorrect);
        m.put("exact", t.exact);
        m.put("slotsCorrect", t.slotsCorrect);
        m.put("slotsPredicted", t.slotsPredicted);
        m.put("slotsExpected", t.slotsExpected);
        m.put("intentAccuracy", nullIfNaN(t.intentAccuracy()));
        m.put("exactMatch", nullIfNaN(t.exactMatch()));
        m.put("slotPrecision", nullIfNaN(t.precision()));
        m.put("slotRecall", nullIfNaN(t.recall()));
        m.put("slotF1", nullIfNaN(t.f1()));
        return m;
    }

    private static Map<String, Object> latency(Latency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", nullIfNaN(l.p50()));
        m.put("p90", nullIfNaN(l.p90()));
        m.put("p99", nullIfNaN(l.p99()));
        m.put("max", nullIfNaN(l.max()));
        return m;
    }

    private static Double nullIfNaN(double d) {
        return Double.isNaN(d) ? null : d;
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
