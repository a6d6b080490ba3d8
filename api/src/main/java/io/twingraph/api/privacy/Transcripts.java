package io.twingraph.api.privacy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.api.access.TokenStore;
import io.twingraph.api.http.Json;
import io.twingraph.nl.NlReply;
import io.twingraph.nl.NlRequest;

/**
 * What each person said to {@code /api/nl} and what TwinGraph answered: one JSON line per exchange in
 * {@code privacy/transcripts/<subject>.jsonl} under the data directory (owner-only permissions), so that a person can
 * have it exported and erased. Kept until erased; the file of a subject is deleted as a whole.
 */
public final class Transcripts {
    private static final Logger LOG = LoggerFactory.getLogger(Transcripts.class);

    private final Path directory;
    private final Clock clock;

    private Transcripts(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The transcripts of a data directory. */
    public static Transcripts open(Path dataDir, Clock clock) {
        Path dir = dataDir.resolve("privacy").resolve("transcripts");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        return new Transcripts(dir, clock);
    }

    /** Keeps nothing (route tests without a data directory). */
    public static Transcripts none() {
        return new Transcripts(null, Clock.systemUTC());
    }

    /** Appends one exchange to the speaker's transcript; a failure is logged, never passed on to the speaker. */
    public synchronized void record(String subject, NlRequest request, NlReply reply) {
        if (directory == null || !TokenStore.isValidSubject(subject)) {
            return;
        }
        String goal = reply.goal() == null || reply.status() != NlReply.Status.GOAL_SET ? null
                : String.valueOf(reply.goal().get("id"));
        TranscriptLine line = new TranscriptLine(clock.instant(), reply.conversation(), request.text(), request.dryRun(),
                request.area(), reply.status().name(), reply.answer(), reply.actions(), goal);
        Path file = file(subject);
        try {
            boolean created = !Files.exists(file);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(Json.MAPPER.writeValueAsString(line));
                w.write('\n');
            }
            if (created) {
                ownerOnly(file);
            }
        } catch (IOException e) {
            LOG.error("Transcript line of '{}' not written: {}", subject, e.getMessage());
        }
    }

    /** A subject's exchanges, oldest first. */
    public synchronized List<TranscriptLine> of(String subject) {
        List<TranscriptLine> lines = new ArrayList<>();
        if (directory == null || !TokenStore.isValidSubject(subject) || !Files.exists(file(subject))) {
            return lines;
        }
        try (BufferedReader in = Files.newBufferedReader(file(subject), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(Json.MAPPER.readValue(line, TranscriptLine.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the transcript of '" + subject + "'", e);
        }
        return lines;
    }

    /**
     * Deletes a subject's transcript.
     *
     * @return how many exchanges it held
     */
    public synchronized int forget(String subject) {
        int n = of(subject).size();
        if (directory != null && TokenStore.isValidSubject(subject)) {
            try {
                Files.deleteIfExists(file(subject));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the transcript of '" + subject + "'", e);
            }
        }
        return n;
    }

    /** Only for valid subjects: no separators, no leading dot. */
    private Path file(String subject) {
        return directory.resolve(subject + ".jsonl");
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data directory's own permissions have to do
        }
    }
}
