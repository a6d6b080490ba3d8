package io.twingraph.api.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads NAB's layout: {@code data/**.csv} ({@code timestamp,value}) and {@code labels/combined_windows.json} (file
 * path under {@code data/} to a list of {@code [start, end]}). NAB's timestamps carry no zone; they are read as UTC,
 * which only time-of-day rules could notice (none applies to the generic {@code value/value} series).
 */
final class NabData {
    static final String WINDOWS = "labels/combined_windows.json";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NabData() {
    }

    /** True when the directory has NAB's data folder and windows file. */
    static boolean present(Path dir) {
        return Files.isDirectory(dir.resolve("data")) && Files.isRegularFile(dir.resolve(WINDOWS));
    }

    /** Every series under {@code data/} that has an entry in the windows file, by path. */
    static List<NabSeries> read(Path dir) throws IOException {
        JsonNode windows = new ObjectMapper().readTree(dir.resolve(WINDOWS).toFile());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("data"))) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<NabSeries> series = new ArrayList<>();
        for (Path file : files) {
            JsonNode labelled = windowsOf(windows, file.getFileName().toString());
            if (labelled != null) {
                series.add(series(file, labelled));
            }
        }
        return series;
    }

    /** NAB keys its labels by {@code folder/file.csv}; this copy may have flattened the folders. */
    private static JsonNode windowsOf(JsonNode windows, String fileName) {
        Iterator<Map.Entry<String, JsonNode>> fields = windows.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().equals(fileName) || e.getKey().endsWith("/" + fileName)) {
                return e.getValue();
            }
        }
        return null;
    }

    static NabSeries series(Path file, JsonNode labelled) throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        List<NabSeries.Point> points = new ArrayList<>();
        int skipped = 0;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IOException(file + ": not 'timestamp,value': " + line);
            }
            Instant time = time(line.substring(0, comma));
            double value = Double.parseDouble(line.substring(comma + 1).strip());
            if (!points.isEmpty() && !time.isAfter(points.get(points.size() - 1).time())) {
                skipped++;
                continue;
            }
            points.add(new NabSeries.Point(time, value));
        }
        List<NabWindow> windows = new ArrayList<>();
        for (JsonNode w : labelled) {
            windows.add(new NabWindow(time(w.get(0).asText()), time(w.get(1).asText())));
        }
        return new NabSeries(name, points, windows, skipped);
    }

    /** {@code 2013-12-10 06:25:00} or with a fraction ({@code .000000}), as UTC. */
    static Instant time(String text) {
        String t = text.strip();
        return LocalDateTime.parse(t.length() > 19 ? t.substring(0, 19) : t, TIME).toInstant(ZoneOffset.UTC);
    }
}
