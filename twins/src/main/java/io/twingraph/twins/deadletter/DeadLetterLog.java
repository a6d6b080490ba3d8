package io.twingraph.twins.deadletter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.DeadLetters;

/**
 * Dead letters kept in a bounded in-memory ring (the most recent {@value #RECENT}) with totals per reason code,
 * optionally appended to a JSON-lines file whose existing lines are counted at start.
 */
public final class DeadLetterLog implements DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);
    static final int RECENT = 1000;

    private final Deque<DeadLetter> recent = new ArrayDeque<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private BufferedWriter out;
    private final Path file;
    /** Guards {@link #out}: appends and the rewrite of {@link #forget}. */
    private final Object writeLock = new Object();

    private DeadLetterLog(BufferedWriter out, Path file) {
        this.out = out;
        this.file = file;
    }

    public static DeadLetters inMemory() {
        return new DeadLetterLog(null, null);
    }

    public static DeadLetters toFile(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            DeadLetterLog log = new DeadLetterLog(appender(file), file);
            log.countExisting(file);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the dead-letter file " + file, e);
        }
    }

    private void countExisting(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(line -> {
                try {
                    DeadLetter letter = fromJson(JsonFactory.readFrom(line).asObject());
                    count(letter.code());
                    remember(letter);
                } catch (RuntimeException e) {
                    count("twins:deadletter.unreadable");
                }
            });
        }
    }

    @Override
    public void record(DeadLetter letter) {
        count(letter.code());
        remember(letter);
        LOG.debug("dead letter from {}: {} ({})", letter.source(), letter.reason(), letter.code());
        if (file != null) {
            synchronized (writeLock) {
                try {
                    out.write(toJson(letter).toString());
                    out.newLine();
                    out.flush();
                } catch (IOException e) {
                    LOG.warn("Cannot append to the dead-letter file: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public long total() {
        return total.get();
    }

    @Override
    public Map<String, Long> countsByCode() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public List<DeadLetter> recent(int limit) {
        synchronized (recent) {
            List<DeadLetter> list = new ArrayList<>(Math.min(limit, recent.size()));
            for (DeadLetter l : recent) {
                if (list.size() >= limit) {
                    break;
                }
                list.add(l);
            }
            return list;
        }
    }

    /** Rewrites the file without the selected letters (a new file moved over the old one) and drops them from memory. */
    @Override
    public int forget(Predicate<DeadLetter> which) {
        int removed = 0;
        synchronized (recent) {
            int before = recent.size();
            recent.removeIf(which);
            removed = before - recent.size();
        }
        if (file == null) {
            return removed;
        }
        synchronized (writeLock) {
            try {
                out.close();
                List<String> kept = new ArrayList<>();
                int dropped = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    boolean drop = false;
                    try {
                        drop = !line.isBlank() && which.test(fromJson(JsonFactory.readFrom(line).asObject()));
                    } catch (RuntimeException e) {
                        // unreadable: it cannot be judged, and is kept as it was
                    }
                    if (drop) {
                        dropped++;
                    } else {
                        kept.add(line);
                    }
                }
                if (dropped > 0) {
                    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                    Files.write(tmp, kept, StandardCharsets.UTF_8);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                out = appender(file);
                return dropped;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot rewrite the dead-letter file " + file, e);
            }
        }
    }

    private static BufferedWriter appender(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void close() {
        if (file != null) {
            synchronized (writeLock) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.warn("Cannot close the dead-letter file: {}", e.getMessage());
                }
            }
        }
    }

    private void count(String code) {
        total.incrementAndGet();
        counts.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    private void remember(DeadLetter letter) {
        synchronized (recent) {
            recent.addFirst(letter);
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    static JsonObject toJson(DeadLetter l) {
        return JsonObject.newBuilder()
                .set("at", l.at().toString())
                .set("source", l.source())
                .set("code", l.code())
                .set("reason", l.reason())
                .set("payload", l.payload())
                .build();
    }

    static DeadLetter fromJson(JsonObject o) {
        return new DeadLetter(Instant.parse(o.getValue("at").orElseThrow().asString()),
                o.getValue("source").orElseThrow().asString(), o.getValue("code").orElseThrow().asString(),
                o.getValue("reason").orElseThrow().asString(),
                o.getValue("payload").map(v -> v.asString()).orElse(""));
    }
}
