package io.twingraph.api.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twingraph eval nab [DIR]}: the default anomaly pack against a plain fixed threshold on the Numenta Anomaly
 * Benchmark's labelled series (NAB's {@code data/} and {@code labels/combined_windows.json}; see {@code SOURCE.txt}
 * there). Each series is replayed as the readings of one device, key {@code value/value}, through the pack on the
 * rule clock ({@link NabPackReplay}); the threshold is mean +- 3 standard deviations of the series' probationary 15%
 * ({@link NabThreshold}). Both are scored the same way after that period ({@link NabScore}): windows caught, false
 * alarms per day, mean delay from window start to first detection. A control follows ({@link NabHomeControl}): the
 * same pack on a week of a simulated home, as simulated and with four injected faults, for the household rules that
 * NAB's series do not exercise.
 *
 * <p>Exit code 0 when the data was evaluated, 2 when it is missing.
 */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = "Replay NAB's labelled series through the anomaly rule pack and a fixed threshold; print windows "
                + "caught, false alarms per day and detection delay for both.")
public final class NabEval implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/data/nab",
            description = "NAB directory with data/ and " + NabData.WINDOWS + " (default: ${DEFAULT-VALUE}).")
    private Path directory;

    @Option(names = "--detections", description = "Also list every scored detection of both detectors.")
    private boolean listDetections;

    @Option(names = "--home-days", defaultValue = "7", paramLabel = "DAYS",
            description = "Days of the control runs on a simulated home: as simulated (every anomaly a false alarm) "
                    + "and with four injected faults (caught or not) (default: ${DEFAULT-VALUE}; 0 skips them).")
    private int homeDays;

    @Spec
    private CommandSpec spec;

    /** One series' outcome for both detectors. */
    record Row(NabSeries series, NabPackReplay.Result ours, NabScore oursScore, List<Instant> threshold,
               NabScore thresholdScore) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = directory.toAbsolutePath().normalize();
        if (!NabData.present(directory)) {
            err.println("No NAB data at " + dir + ": expected data/*.csv and " + NabData.WINDOWS
                    + " there (from github.com/numenta/NAB, see SOURCE.txt). Give the directory as argument.");
            err.flush();
            return 2;
        }
        List<NabSeries> all;
        try {
            all = NabData.read(directory);
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read the NAB data in " + dir + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        if (all.isEmpty()) {
            err.println("No labelled series in " + dir + ": no data/*.csv has an entry in " + NabData.WINDOWS + ".");
            err.flush();
            return 2;
        }
        printHeader(out, dir, all.size());
        String drl = NabPackReplay.drl();
        List<Row> rows = new ArrayList<>();
        for (NabSeries s : all) {
            out.printf(Locale.ROOT, "replaying %s: %,d readings ... ", s.name(), s.points().size());
            out.flush();
            NabPackReplay.Result ours = NabPackReplay.run(drl, s);
            List<Instant> threshold = NabThreshold.DEFAULT.detect(s);
            Row row = new Row(s, ours, NabScore.of(s, ours.times()), threshold, NabScore.of(s, threshold));
            rows.add(row);
            double seconds = ours.took().toNanos() / 1e9;
            out.printf(Locale.ROOT, "%.1f s (%,.0f readings/s)%n", seconds, s.points().size() / seconds);
        }
        out.println();
        printTable(out, rows);
        out.println();
        printNotes(out, rows);
        out.println();
        printPairedDelay(out, rows);
        printThresholdSensitivity(out, all);
        if (homeDays > 0) {
            out.println();
            out.printf(Locale.ROOT, "control: the pack on %d day(s) of a simulated home, as simulated ... ", homeDays);
            out.flush();
            printControl(out, NabHomeControl.run(drl, homeDays, List.of()));
            out.printf(Locale.ROOT, "control: the same with four faults injected ... ");
            out.flush();
            printControl(out, NabHomeControl.run(drl, homeDays, NabHomeControl.faults(homeDays)));
        }
        out.flush();
        return 0;
    }

    private static void printControl(PrintWriter out, NabHomeControl.Result r) {
        double seconds = r.took().toNanos() / 1e9;
        out.printf(Locale.ROOT, "%.1f s%n", seconds);
        out.printf(Locale.ROOT, "  %d devices from %s (%s), every device's state every %d min: %,d readings; ours raised "
                        + "%d anomalies (%s); %d not about an injected fault: %.2f false alarms per day%n", r.devices(),
                NabHomeControl.START, java.time.ZoneId.systemDefault(), NabHomeControl.HEARTBEAT.toMinutes(),
                r.readings(), r.anomalies(), r.byRule().isEmpty() ? "none"
                        : r.byRule().entrySet().stream().map(e -> e.getKey().replaceFirst("^anomaly: ", "") + " "
                                + e.getValue()).collect(Collectors.joining(", ")), r.others(), r.others() / r.days());
        for (NabHomeControl.Caught c : r.caught()) {
            out.printf(Locale.ROOT, "  fault %-70s %s%n", c.fault().describe() + " from " + c.fault().from() + ":",
                    c.first() == null ? "MISSED" : String.format(Locale.ROOT, "caught after %.1f h by '%s'",
                            hours(c.fault().from(), c.first().time()), c.first().rule().replaceFirst("^anomaly: ", "")));
        }
        r.examples().forEach(e -> out.println("  not about a fault: " + e));
    }

    /** Delays compare fairly only on windows both detectors caught. */
    static void printPairedDelay(PrintWriter out, List<Row> rows) {
        int both = 0;
        double ours = 0;
        double threshold = 0;
        for (Row r : rows) {
            List<Instant> o = NabScore.firstInEachWindow(r.series(), r.ours().times());
            List<Instant> t = NabScore.firstInEachWindow(r.series(), r.threshold());
            List<NabWindow> scored = r.series().windows().stream()
                    .filter(w -> !w.end().isBefore(r.series().scoredFrom())).toList();
            for (int i = 0; i < scored.size(); i++) {
                if (o.get(i) != null && t.get(i) != null) {
                    both++;
                    ours += hours(scored.get(i).start(), o.get(i));
                    threshold += hours(scored.get(i).start(), t.get(i));
                }
            }
        }
        if (both > 0) {
            out.printf(Locale.ROOT, "on the %d window(s) both caught: mean delay ours %.1f h, threshold %.1f h%n", both,
                    ours / both, threshold / both);
        }
    }

    /** The threshold at other widths, for the reader to judge the choice of k (cheap: no rules involved). */
    static void printThresholdSensitivity(PrintWriter out, List<NabSeries> all) {
        StringBuilder line = new StringBuilder("threshold at other k (total caught, FA/day):");
        for (double k : new double[] {2, 2.5, 3, 3.5, 4}) {
            NabThreshold threshold = new NabThreshold(k, NabThreshold.DEFAULT.cooldown());
            NabScore total = NabScore.NONE;
            for (NabSeries s : all) {
                total = total.plus(NabScore.of(s, threshold.detect(s)));
            }
            line.append(String.format(Locale.ROOT, "  k=%.1f %d/%d %.3f", k, total.caught(), total.windows(),
                    total.falseAlarmsPerDay()));
        }
        out.println(line);
    }

    private static double hours(Instant from, Instant to) {
        return java.time.Duration.between(from, to).toSeconds() / 3600.0;
    }

    private static void printHeader(PrintWriter out, Path dir, int series) {
        out.printf("NAB: %d labelled series in %s (Numenta Anomaly Benchmark, MIT; see SOURCE.txt there)%n", series, dir);
        out.println("ours:      the default anomaly pack (io/twingraph/rules/packs/anomaly.drl) through RuleTester; each "
                + "series is one device's " + NabPackReplay.KEY + ", fired after every reading; every anomaly raised "
                + "is a detection");
        out.printf(Locale.ROOT, "threshold: mean +- %.1f sd of the probationary period, fixed; at most one alert per %d h "
                + "(the pack's cooldown)%n", NabThreshold.DEFAULT.k(), NabThreshold.DEFAULT.cooldown().toHours());
        out.println("scored after NAB's probationary period (first 15% of each series) for both; a window is caught by "
                + "a detection inside it (once); false alarms are detections outside every window; delay is from "
                + "window start to the first detection in it");
        out.println();
    }

    static void printTable(PrintWriter out, List<Row> rows) {
        String columns = String.format(Locale.ROOT, "%8s %4s %7s %8s", "caught", "FA", "FA/day", "delay h");
        out.printf(Locale.ROOT, "%-36s %7s %7s | %-30s | %s%n", "", "", "", "ours (anomaly pack)",
                "threshold (mean +- " + NabThreshold.DEFAULT.k() + " sd)");
        out.printf(Locale.ROOT, "%-36s %7s %7s | %-30s | %s%n", "series", "days", "windows", columns, columns);
        NabScore ours = NabScore.NONE;
        NabScore threshold = NabScore.NONE;
        for (Row r : rows) {
            printRow(out, r.series().name(), r.oursScore(), r.thresholdScore());
            ours = ours.plus(r.oursScore());
            threshold = threshold.plus(r.thresholdScore());
        }
        printRow(out, "total", ours, threshold);
    }

    private static void printRow(PrintWriter out, String name, NabScore ours, NabScore threshold) {
        out.printf(Locale.ROOT, "%-36s %7.1f %7d | %-30s | %s%n", name, ours.days(), ours.windows(), cells(ours),
                cells(threshold));
    }

    private static String cells(NabScore s) {
        String delay = Double.isNaN(s.meanDelayHours()) ? "n/a" : String.format(Locale.ROOT, "%.1f", s.meanDelayHours());
        return String.format(Locale.ROOT, "%8s %4d %7.3f %8s", s.caught() + "/" + s.windows(), s.falseAlarms(),
                s.falseAlarmsPerDay(), delay);
    }

    private void printNotes(PrintWriter out, List<Row> rows) {
        for (Row r : rows) {
            NabSeries s = r.series();
            Instant from = s.scoredFrom();
            long inProbation = s.windows().stream().filter(w -> w.end().isBefore(from)).count();
            Map<String, Integer> byRule = r.ours().byRule(from);
            out.printf(Locale.ROOT, "%s: scored from %s; ours raised %d scored anomalies (%s)%s%s%n", s.name(), from,
                    byRule.values().stream().mapToInt(Integer::intValue).sum(),
                    byRule.isEmpty() ? "none" : byRule.entrySet().stream()
                            .map(e -> e.getKey().replaceFirst("^anomaly: ", "") + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    inProbation == 0 ? "" : "; " + inProbation + " window(s) end inside the probationary period, not "
                            + "scored for either",
                    s.skipped() == 0 ? "" : "; " + s.skipped() + " rows skipped (time not after the previous row's)");
            if (listDetections) {
                out.println("  ours:      " + list(s, r.ours().detections().stream()
                        .filter(d -> !d.time().isBefore(from))
                        .map(d -> d.time() + " " + d.rule().replaceFirst("^anomaly: ", "") + mark(s, d.time())).toList()));
                out.println("  threshold: " + list(s, r.threshold().stream().map(t -> t + mark(s, t)).toList()));
            }
        }
    }

    private static String list(NabSeries s, List<String> items) {
        return items.isEmpty() ? "none" : String.join("; ", items);
    }

    /** Which window a detection falls in, or that it is a false alarm. */
    private static String mark(NabSeries s, Instant t) {
        for (int i = 0; i < s.windows().size(); i++) {
            if (s.windows().get(i).contains(t)) {
                return " (window " + (i + 1) + ")";
            }
        }
        return " (false alarm)";
    }
}
