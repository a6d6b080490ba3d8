package io.twingraph.engine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rule packages on disk, one folder each under the data directory's {@code rules/}: every uploaded version as
 * {@code v{N}.drl}, and {@code active} naming the version that runs. Versions are never overwritten, so rollback
 * is always possible; deleting a package removes {@code active} and keeps its history.
 */
public final class RuleRepository {
    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.drl");
    private static final String ACTIVE = "active";

    /** One stored version. */
    public record Version(int version, Instant storedAt, boolean active) {
    }

    private final Path root;

    public RuleRepository(Path root) {
        this.root = root;
    }

    /**
     * On first start (no rules folder yet), stores and activates the default packages.
     *
     * @return true when the defaults were written
     */
    public boolean seedIfAbsent(Map<String, String> defaults) {
        if (Files.isDirectory(root)) {
            return false;
        }
        defaults.forEach((pkg, drl) -> activate(pkg, store(pkg, drl)));
        return true;
    }

    /** The packages with an active version, sorted by name. */
    public List<String> activePackages() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(ACTIVE))).map(d -> d.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Integer> active(String pkg) {
        Path file = root.resolve(pkg).resolve(ACTIVE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Version> versions(String pkg) {
        Path dir = root.resolve(pkg);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        int active = active(pkg).orElse(-1);
        List<Version> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = VERSION_FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    int v = Integer.parseInt(m.group(1));
                    out.add(new Version(v, Files.getLastModifiedTime(f).toInstant(), v == active));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingInt(Version::version));
        return out;
    }

    public Optional<String> drl(String pkg, int version) {
        Path file = root.resolve(pkg).resolve("v" + version + ".drl");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores DRL as the package's next version (not yet active) and returns its number. */
    public int store(String pkg, String drl) {
        RuleCompiler.checkName(pkg);
        int next = versions(pkg).stream().mapToInt(Version::version).max().orElse(0) + 1;
        write(root.resolve(pkg).resolve("v" + next + ".drl"), drl);
        return next;
    }

    public void activate(String pkg, int version) {
        write(root.resolve(pkg).resolve(ACTIVE), Integer.toString(version));
    }

    public void deactivate(String pkg) {
        try {
            Files.deleteIfExists(root.resolve(pkg).resolve(ACTIVE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a file. */
    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".tmp-", "");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
