package io.twingraph.api.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import io.twingraph.api.http.Json;
import io.twingraph.error.TwinGraphException;

/**
 * The API tokens of one data directory, in {@code access/tokens.json}: hashed, never stored in clear. The server and
 * the CLI ({@code twingraph token ...}) share the file; every change takes a file lock and replaces the file
 * atomically, and the server re-reads it when it changed, so a revocation reaches a running server within a second.
 *
 * <p>Tokens are {@code tg_<id>_<secret>} with a 256-bit random secret, so one SHA-256 is enough: there is no password
 * to guess, and the comparison is constant-time.
 */
public final class TokenStore {
    /** Subjects people can type and that are safe in IRIs and logs. */
    static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern TOKEN = Pattern.compile("tg_([a-z0-9]{10})_([A-Za-z0-9_-]{43})");
    private static final TypeReference<List<TokenRecord>> RECORDS = new TypeReference<>() { };
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long RELOAD_CHECK_NANOS = 1_000_000_000L;

    private final Path file;
    private final Path lockFile;
    private volatile Map<String, TokenRecord> byId = Map.of();
    private volatile byte[] loaded = new byte[0];
    private volatile long lastCheck;

    private TokenStore(Path directory) {
        this.file = directory.resolve("tokens.json");
        this.lockFile = directory.resolve("tokens.lock");
    }

    /** The tokens of a data directory (the {@code access} folder is created when missing). */
    public static TokenStore open(Path dataDir) {
        Path dir = dataDir.resolve("access");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
        TokenStore store = new TokenStore(dir);
        store.reload();
        return store;
    }

    /** Whether a text can be a subject: 1-64 letters, digits, {@code . _ @ -}, starting with a letter or digit. */
    public static boolean isValidSubject(String subject) {
        return subject != null && SUBJECT.matcher(subject).matches();
    }

    /** Issues a new token. */
    public IssuedToken create(String subject, Set<Role> roles, String note, Instant now) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new TwinGraphException("access:subject.invalid", TwinGraphException.Kind.INVALID,
                    "Invalid subject '" + subject + "'.", "Use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
        }
        if (roles.isEmpty() || roles.contains(Role.PUBLIC)) {
            throw new TwinGraphException("access:roles.invalid", TwinGraphException.Kind.INVALID,
                    "A token needs at least one of the roles reader, operator, author, planner, admin.", null);
        }
        String id = randomId();
        String token = "tg_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        TokenRecord record = new TokenRecord(id, subject, EnumSet.copyOf(roles), sha256(token), now, null, note);
        change(all -> {
            all.put(id, record);
            return all;
        });
        return new IssuedToken(token, record);
    }

    /**
     * Revokes one token by id, or every token of a subject.
     *
     * @return the tokens revoked now (already revoked ones are not counted)
     * @throws TwinGraphException {@code access:token.notfound} when nothing matches
     */
    public List<TokenRecord> revoke(String idOrSubject, Instant now) {
        List<TokenRecord> revoked = new ArrayList<>();
        change(all -> {
            boolean any = false;
            for (Map.Entry<String, TokenRecord> e : all.entrySet()) {
                TokenRecord r = e.getValue();
                if (r.id().equals(idOrSubject) || r.subject().equals(idOrSubject)) {
                    any = true;
                    if (r.valid()) {
                        e.setValue(r.revokedAt(now));
                        revoked.add(e.getValue());
                    }
                }
            }
            if (!any) {
                throw new TwinGraphException("access:token.notfound", TwinGraphException.Kind.NOT_FOUND,
                        "No token with id or subject '" + idOrSubject + "'.", "List them with: twingraph token list");
            }
            return all;
        });
        return revoked;
    }

    /** Removes every token record of a subject, revoked or not (privacy erasure). */
    public int forget(String subject) {
        int[] n = {0};
        change(all -> {
            n[0] = all.size();
            all.values().removeIf(r -> r.subject().equals(subject));
            n[0] -= all.size();
            return all;
        });
        return n[0];
    }

    /** Every token record, oldest first. */
    public List<TokenRecord> list() {
        reloadIfChanged();
        return List.copyOf(byId.values());
    }

    /** The caller a token stands for; empty when it is malformed, unknown or revoked. */
    public Optional<Principal> authenticate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(token.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        reloadIfChanged();
        TokenRecord r = byId.get(m.group(1));
        if (r == null || !r.valid()) {
            return Optional.empty();
        }
        boolean same = MessageDigest.isEqual(r.sha256().getBytes(StandardCharsets.US_ASCII),
                sha256(token.trim()).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(r.principal()) : Optional.empty();
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - lastCheck < RELOAD_CHECK_NANOS) {
            return;
        }
        lastCheck = now;
        // the content, not the modification time, decides: two writes within one file-system tick share an mtime
        try {
            byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            if (!java.util.Arrays.equals(bytes, loaded)) {
                reload();
            }
        } catch (IOException e) {
            // keep the tokens we have; the next check tries again
        }
    }

    private synchronized void reload() {
        try {
            byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            byId = parse(bytes);
            loaded = bytes;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private Map<String, TokenRecord> parse(byte[] bytes) {
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            Map<String, TokenRecord> map = new LinkedHashMap<>();
            for (TokenRecord r : Json.MAPPER.readValue(bytes, RECORDS)) {
                map.put(r.id(), r);
            }
            return map;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private TwinGraphException unreadable(IOException e) {
        return new TwinGraphException("access:tokens.unreadable", TwinGraphException.Kind.INTERNAL,
                "Cannot read the token file " + file + ": " + e.getMessage(),
                "Restore it from a backup, or delete it and issue new tokens.", e);
    }

    /** Read-modify-write under an exclusive file lock, so the CLI and the server never lose each other's changes. */
    private synchronized void change(UnaryOperator<Map<String, TokenRecord>> edit) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            byte[] current = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            Map<String, TokenRecord> all = edit.apply(new LinkedHashMap<>(parse(current)));
            Path tmp = file.resolveSibling("tokens.json.tmp");
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(all.values()));
            Files.write(tmp, bytes);
            restrictToOwner(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            byId = Map.copyOf(all);
            loaded = bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static void restrictToOwner(Path path) {
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the data directory's own permissions have to do
        }
    }

    private static String randomId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
