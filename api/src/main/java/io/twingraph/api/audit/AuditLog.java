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
        List<AuditEntry> all = new ArrayList<>();
        int[] changed = {0};
        forEach(e -> {
            if (subject.equals(e.subject())) {
                changed[0]++;
                all.add(e.withSubject(pseudonym));
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
