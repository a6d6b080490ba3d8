package io.twingraph.api.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NAB's layout read from a small fixture written here (the project's tests never read the shared evaluation data). */
class NabDataTest {
    @TempDir
    Path dir;

    @Test
    void seriesAreReadWithTheirWindowsAndRepeatedTimesAreSkipped() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("labels"));
        Files.writeString(dir.resolve("data/tiny.csv"), """
                timestamp,value
                2014-01-07 01:55:00,94.2
                2014-01-07 02:00:00,94.4
                2014-01-07 02:00:00,93.0
                2014-01-07 02:05:00,94.7
                """);
        Files.writeString(dir.resolve("data/unlabelled.csv"), "timestamp,value\n2014-01-07 01:55:00,1\n");
        Files.writeString(dir.resolve(NabData.WINDOWS), """
                {"realKnownCause/tiny.csv": [["2014-01-07 02:00:00.000000", "2014-01-07 02:05:00.000000"]],
                 "realKnownCause/other.csv": []}
                """);

        assertThat(NabData.present(dir)).isTrue();
        assertThat(NabData.read(dir)).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("tiny");
            assertThat(s.points()).extracting(NabSeries.Point::value).containsExactly(94.2, 94.4, 94.7);
            assertThat(s.skipped()).isEqualTo(1);
            assertThat(s.windows()).containsExactly(new NabWindow(Instant.parse("2014-01-07T02:00:00Z"),
                    Instant.parse("2014-01-07T02:05:00Z")));
        });
    }

    @Test
    void aDirectoryWithoutNabDataIsNotPresent() {
        assertThat(NabData.present(dir)).isFalse();
    }
}
