package io.twingraph.twins.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.DeadLetters;

/** Privacy erasure of refused input: selected letters leave memory and file; recording goes on. */
class DeadLetterForgetTest {
    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private static DeadLetter letter(String thing, String payload) {
        return new DeadLetter(T, "twingraph/" + thing + "/telemetry", "twins:payload.malformed", "bad", payload);
    }

    @Test
    void forgottenLettersLeaveTheRecentListAndTheFile() throws IOException {
        Path file = dir.resolve("dead-letters.jsonl");
        try (DeadLetters letters = DeadLetters.toFile(file)) {
            letters.record(letter("home1:presence-alice", "{home:"));
            letters.record(letter("home1:lamp", "{on:"));
            letters.record(letter("home1:presence-alice", "{away:"));

            assertThat(letters.forget(l -> l.source().contains("presence-alice"))).isEqualTo(2);

            assertThat(letters.recent(10)).extracting(DeadLetter::source).containsExactly("twingraph/home1:lamp/telemetry");
            assertThat(Files.readString(file)).doesNotContain("presence-alice").contains("home1:lamp");
            letters.record(letter("home1:lamp", "{off:"));
        }
        try (DeadLetters reopened = DeadLetters.toFile(file)) {
            assertThat(reopened.recent(10)).extracting(DeadLetter::payload).containsExactly("{off:", "{on:");
        }
    }

    @Test
    void inMemoryLettersAreForgottenToo() {
        try (DeadLetters letters = DeadLetters.inMemory()) {
            letters.record(letter("home1:presence-alice", "x"));
            assertThat(letters.forget(l -> true)).isEqualTo(1);
            assertThat(letters.recent(10)).isEmpty();
        }
    }
}
