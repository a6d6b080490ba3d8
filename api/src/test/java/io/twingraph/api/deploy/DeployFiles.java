package io.twingraph.api.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's deploy/ folder, found from the api module's working directory (Surefire runs in api/). */
final class DeployFiles {
    private DeployFiles() {
    }

    static Path deployDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy");
            if (Files.isRegularFile(candidate.resolve("Dockerfile"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No deploy/Dockerfile above " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return deployDir().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
