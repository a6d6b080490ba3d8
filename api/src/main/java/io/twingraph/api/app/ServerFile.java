package io.twingraph.api.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code server.url} in the data directory: the base URL of the TwinGraph serving that directory, written at start
 * and removed at stop, so that {@code twingraph import} and {@code twingraph query} talk to a running server instead
 * of opening the (locked) store themselves.
 */
public final class ServerFile {
    private static final String NAME = "server.url";

    private ServerFile() {
    }

    static void write(Path dataDir, String url) throws IOException {
        Files.writeString(dataDir.resolve(NAME), url + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(NAME));
        } catch (IOException e) {
            // a stale file is harmless: readers check that the server answers
        }
    }

    /** The URL recorded in the data directory, if any (the server may since have died). */
    public static Optional<String> read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
