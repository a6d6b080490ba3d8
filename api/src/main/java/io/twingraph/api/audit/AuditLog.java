package io.twingraph.api.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.api.http.Json;

/**
 * Who did what, when and from where: one JSON line per request in {@code audit/audit.jsonl} under the data
 * directory. It is append-only as far as the API goes: there is a route to read it ({@code GET /api/audit}, admin) and
 * none to change it, and it is not in the knowledge graph, so SPARQL Update cannot reach it. The one rewrite is a
 * privacy erasure, which replaces a person's subject with a pseudonym and is itself recorded.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private Writer out;

    private AuditLog(Path file) throws IOException {
        this.file = file;
        this.out = appender(file);
    }

    /** Opens (or creates) the audit log of a data directory. */
    public static AuditLog open(Path dataDir) {
        Path dir = dataDir.resolve("audit");
        try {
            Files.createDirectories(dir);
            return new AuditLog(dir.resolve("audit.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the audit log in " + dir, e);
        }
    }

    /** Appends one entry; flushed at once so that a crash loses at most the entry being written. */
    public synchronized void record(AuditEntry entry) {
        try {
            out.write(Json.MAPPER.writeValueAsString(entry));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.error("Audit entry not written ({}): {}", e.getMessage(), entry);
        }
    }

    /** The newest entries matching the query, oldest first. */
    public synchronized List<AuditEntry> find(AuditQuery query) {
        Deque<AuditEntry> newest = new ArrayDeque<>();
        forEach(e -> {
            if (query.matches(e)) {
                newest.addLast(e);
                if (newest.size() > query.limit()) {
                    newest.removeFirst();
                }
            }
        });
        return new ArrayList<>(newest);
    }

    /**
     * Replaces a subject with a pseudonym in every entry (privacy erasure): what was done stays on record, who did it
     * no longer does.
     *
     * @return the number of entries rewritten
     */
    public synchronized int pseudonymise(String subject, String pseudonym) {
        return pseudonymise(subject, pseudonym, Map.of(subject, pseudonym));
    }

    /**
     * Privacy erasure: replaces a subject with a pseudonym in every entry, and each of {@code names} (the subject, the
     * ids of the person's things...) with its replacement wherever it stands as a whole word in a path (percent-decoded
     * first) or a detail: {@code /api/2/things/home1:presence-alice} names her as surely as the subject does.
     *
     * @return the number of entries rewritten
     */
    public synchronized int pseudonymise(String subject, String pseudonym, Map<String, String> names) {
        List<Map.Entry<Pattern, String>> words = new ArrayList<>();
        names.entrySet().stream().sorted((a, b) -> b.getKey().length() - a.getKey().length()).forEach(e -> words.add(
                Map.entry(Pattern.compile("(?<![\\w.@:-])" + Pattern.quote(e.getKey()) + "(?![\\w.@:-])"), e.getValue())));
        List<AuditEntry> all = new ArrayList<>();
        int[] changed = {0};
        forEach(e -> {
            String path = replace(decoded(e.path()), words);
            String detail = e.detail() == null ? null : replace(e.detail(), words);
            boolean who = subject.equals(e.subject());
            if (who || !path.equals(decoded(e.path())) || !java.util.Objects.equals(detail, e.detail())) {
                changed[0]++;
                all.add(new AuditEntry(e.time(), who ? pseudonym : e.subject(), e.tokenId(), e.address(), e.method(),
                        path.equals(decoded(e.path())) ? e.path() : path, e.status(), e.millis(), detail));
            } else {
                all.add(e);
            }
        });
        if (changed[0] == 0) {
            return 0;
        }
        try {
            out.close();
            Path tmp = file.resolveSibling("audit.jsonl.tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (AuditEntry e : all) {
                    w.write(Json.MAPPER.writeValueAsString(e));
                    w.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out = appender(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite the audit log " + file, e);
        }
        return changed[0];
    }

    private static String replace(String text, List<Map.Entry<Pattern, String>> words) {
        String result = text;
        for (Map.Entry<Pattern, String> w : words) {
            result = w.getKey().matcher(result).replaceAll(java.util.regex.Matcher.quoteReplacement(w.getValue()));
        }
        return result;
    }

    /** A path as people read it: {@code %3A} as {@code :}; a '+' stays a '+' (it is no space in a path). */
    private static String decoded(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    private void forEach(java.util.function.Consumer<AuditEntry> action) {
        try {
            out.flush();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        action.accept(Json.MAPPER.readValue(line, AuditEntry.class));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit log " + file, e);
        }
    }

    private static Writer appender(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("Closing the audit log failed: {}", e.toString());
        }
    }
}
