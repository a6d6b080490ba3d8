package io.twingraph.api.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The local administrator's token, kept in {@code access/admin.token} (owner-only) so that the CLI on the same
 * machine can reach the server it started. Whoever can read the data directory can read the graph files anyway, so
 * this adds no new way in; a remote caller always needs a token issued to it.
 */
public final class AdminToken {
    static final String SUBJECT = "admin";

    private AdminToken() {
    }

    /** The token in the file if it is still a valid admin token, else a new one written there. */
    public static String ensure(TokenStore tokens, Path dataDir, Instant now) {
        Optional<String> existing = read(dataDir);
        if (existing.isPresent() && tokens.authenticate(existing.get()).map(p -> p.has(Role.ADMIN)).orElse(false)) {
            return existing.get();
        }
        IssuedToken issued = tokens.create(SUBJECT, EnumSet.of(Role.ADMIN), "local administrator (access/admin.token)", now);
        Path file = file(dataDir);
        try {
            Files.writeString(file, issued.token() + "\n", StandardCharsets.US_ASCII);
            TokenStore.restrictToOwner(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return issued.token();
    }

    /** The token stored in a data directory, if any. */
    public static Optional<String> read(Path dataDir) {
        Path file = file(dataDir);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path file(Path dataDir) {
        return dataDir.resolve("access").resolve("admin.token");
    }
}
