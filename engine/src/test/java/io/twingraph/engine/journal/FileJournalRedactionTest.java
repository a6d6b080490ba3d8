package io.twingraph.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;

/** Privacy erasure in the journal: a person's entries leave the files; numbering, message ids and appending go on. */
class FileJournalRedactionTest {
    private static final ThingId ALICE = ThingId.of("home1:presence-alice");
    private static final ThingId LAMP = ThingId.of("home1:lamp");
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private static JournalEntry entry(long sequence, ThingId thing) {
        return new JournalEntry(sequence, T0.plusSeconds(sequence),
                TwinCommand.telemetry(thing, JsonObject.of("{\"presence\":{\"home\":true,\"seq\":" + sequence + "}}"),
                        "corr-" + sequence), "twingraph/" + thing + "/telemetry",
                new Delivery.MessageId("mqtt:tg:" + sequence, 1000L + sequence));
    }

    /** Sequences 1..n, every third about Alice's phone. */
    private static List<JournalEntry> mixed(long from, int n) {
        List<JournalEntry> entries = new ArrayList<>();
        for (long s = from; s < from + n; s++) {
            entries.add(entry(s, s % 3 == 0 ? ALICE : LAMP));
        }
        return entries;
    }

    private String allSegmentText() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                sb.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    private static List<JournalEntry> replayAll(Journal journal) {
        List<JournalEntry> replayed = new ArrayList<>();
        journal.recover(0, id -> { }, replayed::add);
        return replayed;
    }

    @Test
    void entriesAboutTheErasedThingsBecomePlaceholdersInEverySegmentAndAppendingGoesOn() throws IOException {
        // small segments: the entries spread over several files, the last of them the one being appended to
        try (Journal journal = FileJournal.open(dir, 600)) {
            journal.recover(0, id -> { }, e -> { });
            for (long s = 1; s <= 30; s += 5) {
                journal.append(mixed(s, 5));
            }
            assertThat(allSegmentText()).contains("presence-alice");

            JournalRedaction r = journal.redact(30, e -> e.command().thingId().equals(ALICE));

            assertThat(r.replaced()).isEqualTo(10);
            assertThat(r.keptUncommitted()).isZero();
            assertThat(r.segmentsRewritten()).isGreaterThan(1);
            assertThat(allSegmentText()).doesNotContain("presence-alice").doesNotContain("alice");
            journal.append(List.of(entry(31, LAMP)));
        }
        try (Journal reopened = FileJournal.open(dir, 600)) {
            List<JournalEntry> all = replayAll(reopened);
            assertThat(all).extracting(JournalEntry::sequence).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, 31).boxed().toList());
            for (JournalEntry e : all) {
                if (e.sequence() % 3 == 0 && e.sequence() <= 30) {
                    assertThat(JournalRedaction.isPlaceholder(e)).as("entry %d", e.sequence()).isTrue();
                    assertThat(e.timestamp()).isEqualTo(Instant.EPOCH);
                    assertThat((Object) e.source()).isEqualTo("erased");
                    // still recognised when the broker redelivers it
                    assertThat(e.messageId()).isEqualTo(new Delivery.MessageId("mqtt:tg:" + e.sequence(), 1000L + e.sequence()));
                } else {
                    assertThat((Object) e.command().thingId()).isEqualTo(LAMP);
                    assertThat(e.timestamp()).isEqualTo(T0.plusSeconds(e.sequence()));
                }
            }
            assertThat(reopened.lastSequence()).isEqualTo(31);
        }
    }

    @Test
    void entriesTheTwinStoreDoesNotHoldYetAreKeptAndCounted() throws IOException {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            journal.recover(0, id -> { }, e -> { });
            journal.append(mixed(1, 9));

            JournalRedaction r = journal.redact(5, e -> e.command().thingId().equals(ALICE));

            assertThat(r.replaced()).isEqualTo(1);          // 3
            assertThat(r.keptUncommitted()).isEqualTo(2);   // 6 and 9 would still be replayed
            assertThat(journal.redact(9, e -> e.command().thingId().equals(ALICE)).replaced()).isEqualTo(2);
            assertThat(allSegmentText()).doesNotContain("presence-alice");
        }
    }

    @Test
    void nothingSelectedLeavesTheFilesAlone() throws IOException {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            journal.recover(0, id -> { }, e -> { });
            journal.append(mixed(1, 2));
            String before = allSegmentText();
            assertThat(journal.redact(2, e -> false)).isEqualTo(new JournalRedaction(0, 0, 0));
            assertThat(allSegmentText()).isEqualTo(before);
        }
    }
}
