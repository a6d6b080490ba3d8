package io.twingraph.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinCommand.Origin;

class FileJournalTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00.123456789Z");

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger journalLogger = (Logger) LoggerFactory.getLogger(FileJournal.class);

    @BeforeEach
    void captureLog() {
        log.start();
        journalLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        journalLogger.detachAppender(log);
    }

    /** Entries as replayed, and message ids of the covered ones, from one recovery. */
    private record Recovered(List<JournalEntry> replayed, List<Delivery.MessageId> seen, long count) {
    }

    private static Recovered recover(Journal journal, long committed) {
        List<JournalEntry> replayed = new ArrayList<>();
        List<Delivery.MessageId> seen = new ArrayList<>();
        long count = journal.recover(committed, seen::add, replayed::add);
        return new Recovered(replayed, seen, count);
    }

    private static JournalEntry entry(long sequence, int value) {
        return new JournalEntry(sequence, T0.plusMillis(sequence),
                TwinCommand.telemetry(LAMP, JsonObject.of("{\"light\":{\"level\":" + value + "}}"), "corr-" + sequence),
                "twingraph/home1:lamp/telemetry", new Delivery.MessageId("mqtt:tg:" + sequence, 1000L + sequence));
    }

    private static List<JournalEntry> batch(long from, int count) {
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(entry(from + i, (int) (from + i)));
        }
        return entries;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".journal")).sorted().toList();
        }
    }

    private List<String> logged() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void everyKindOfCommandComesBackAsItWasWritten() {
        List<JournalEntry> written = List.of(
                new JournalEntry(1, T0, new TwinCommand.Create(LAMP, ThingsModelFactory.newThing(
                        "{\"thingId\":\"home1:lamp\",\"attributes\":{\"name\":\"Lamp ü\"},\"features\":{\"light\":{\"properties\":{\"on\":false}}}}"),
                        Origin.API, "c1"), "api", null),
                new JournalEntry(2, T0.plusNanos(1), new TwinCommand.Modify(LAMP, JsonPointer.of("/features/light/properties/on"),
                        JsonValue.of(true), Origin.DEVICE, "c2"), "twingraph/home1:lamp/ditto", new Delivery.MessageId("mqtt:tg:7", -42)),
                new JournalEntry(3, T0.plusSeconds(1), new TwinCommand.Merge(LAMP, JsonPointer.of("/features"),
                        JsonFactory.readFrom("{\"light\":{\"properties\":{\"level\":20.5,\"tags\":[1,\"x\",null]}}}"),
                        Origin.DEVICE, "c3"), "twingraph/home1:lamp/telemetry", new Delivery.MessageId("mqtt:tg:8", Long.MAX_VALUE)),
                new JournalEntry(4, T0.plusSeconds(2), new TwinCommand.Delete(LAMP, JsonPointer.of("/attributes/name"),
                        Origin.SYSTEM, "c4"), "import", null));
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(journal, 0);
            journal.append(written);
            assertThat(journal.lastSequence()).isEqualTo(4);
        }

        try (Journal reopened = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            Recovered r = recover(reopened, 0);
            assertThat(r.count()).isEqualTo(4);
            assertThat(r.replayed()).hasSize(4);
            for (int i = 0; i < 4; i++) {
                JournalEntry in = written.get(i);
                JournalEntry out = r.replayed().get(i);
                assertThat(out.sequence()).isEqualTo(in.sequence());
                assertThat(out.timestamp()).isEqualTo(in.timestamp());
                assertThat(out.source()).isEqualTo(in.source());
                assertThat(out.messageId()).isEqualTo(in.messageId());
                assertThat(out.command().getClass()).isEqualTo(in.command().getClass());
                assertThat(out.command().origin()).isEqualTo(in.command().origin());
                assertThat(out.command().correlationId()).isEqualTo(in.command().correlationId());
                assertThat((Object) out.command().path()).isEqualTo(in.command().path());
            }
            assertThat((Object) ((TwinCommand.Create) r.replayed().get(0).command()).thing().toJsonString())
                    .isEqualTo(((TwinCommand.Create) written.get(0).command()).thing().toJsonString());
            assertThat((Object) ((TwinCommand.Modify) r.replayed().get(1).command()).value()).isEqualTo(JsonValue.of(true));
            assertThat((Object) ((TwinCommand.Merge) r.replayed().get(2).command()).patch())
                    .isEqualTo(((TwinCommand.Merge) written.get(2).command()).patch());
            assertThat(reopened.lastSequence()).isEqualTo(4);
        }
    }

    @Test
    void entriesTheTwinStoreHasCommittedOnlyReportTheirMessageIds() {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(journal, 0);
            journal.append(batch(1, 3));
            journal.append(batch(4, 3));
        }
        try (Journal reopened = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            Recovered r = recover(reopened, 4);
            assertThat(r.seen()).extracting(Delivery.MessageId::key).containsExactly("mqtt:tg:1", "mqtt:tg:2", "mqtt:tg:3", "mqtt:tg:4");
            assertThat(r.replayed()).extracting(JournalEntry::sequence).containsExactly(5L, 6L);
            assertThat(reopened.stats().replayedAtStart()).isEqualTo(2);
            reopened.append(batch(7, 1));
            assertThat(reopened.lastSequence()).isEqualTo(7);
        }
    }

    @Test
    void aHalfWrittenLastRecordIsCutOffWithALogLineAndAppendingGoesOnAfterTheLastGoodOne() throws Exception {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(journal, 0);
            journal.append(batch(1, 5));
        }
        Path segment = segments().get(0);
        long good = Files.size(segment);
        // what a crash in the middle of the next write leaves: a frame header and part of its body
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(20).putInt(300).putInt(12345).put(new byte[] {1, 2, 3, 4, 5}).flip());
        }

        try (Journal reopened = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            Recovered r = recover(reopened, 0);
            assertThat(r.replayed()).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(Files.size(segment)).isEqualTo(good);
            assertThat(logged()).anySatisfy(line -> assertThat(line).contains("cut off 13 bytes").contains("after sequence 5"));
            reopened.append(batch(6, 1));
        }
        try (Journal again = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            assertThat(recover(again, 0).replayed()).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void aLastRecordWhoseContentDoesNotMatchItsCrcIsCutOff() throws Exception {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(journal, 0);
            journal.append(batch(1, 3));
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, size - 3);
            ch.write(b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind(), size - 3);
        }

        try (Journal reopened = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            assertThat(recover(reopened, 0).replayed()).extracting(JournalEntry::sequence).containsExactly(1L, 2L);
            assertThat(reopened.lastSequence()).isEqualTo(2);
            assertThat(logged()).anySatisfy(line -> assertThat(line).contains("CRC32C"));
        }
    }

    @Test
    void aRecordCutShortByATruncatedFileIsDroppedAndSoIsASegmentWithoutAWholeHeader() throws Exception {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(journal, 0);
            journal.append(batch(1, 2));
        }
        Path segment = segments().get(0);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(segment) - 7);
        }
        Files.write(dir.resolve(String.format("%020d.journal", 3)), new byte[] {'T', 'G'});

        try (Journal reopened = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            assertThat(recover(reopened, 0).replayed()).extracting(JournalEntry::sequence).containsExactly(1L);
            assertThat(segments()).hasSize(1);
            reopened.append(batch(2, 2));
        }
        try (Journal again = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            assertThat(recover(again, 0).replayed()).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void segmentsRollAtTheirSizeAndThoseTheTwinStoreCoversAreDeletedKeepingTheNewestTwo() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, 400)) {
            recover(journal, 0);
            for (int batch = 0; batch < 10; batch++) {
                journal.append(batch(batch * 3 + 1, 3)); // ~3 x 130 bytes: each batch fills a segment
            }
            List<Path> before = segments();
            assertThat(before).hasSizeGreaterThanOrEqualTo(5);
            assertThat(journal.stats().segments()).isEqualTo(before.size());

            journal.release(0);
            assertThat(segments()).isEqualTo(before);

            journal.release(15); // segments wholly at or below 15 may go, except the newest two
            List<Path> after = segments();
            assertThat(after).isNotEmpty().hasSizeLessThan(before.size());
            long firstKept = Long.parseLong(after.get(0).getFileName().toString().substring(0, 20));
            assertThat(firstKept).isLessThanOrEqualTo(16);

            journal.release(30);
            assertThat(segments()).hasSize(2);
            assertThat(journal.stats().bytes()).isEqualTo(segments().stream().mapToLong(p -> p.toFile().length()).sum());
        }
        try (Journal reopened = FileJournal.open(dir, 400)) {
            Recovered r = recover(reopened, 30);
            assertThat(r.replayed()).isEmpty();
            assertThat(r.seen()).isNotEmpty();
            assertThat(reopened.lastSequence()).isEqualTo(30);
        }
    }

    @Test
    void damageInAnOlderSegmentSetsTheLaterOnesAsideRatherThanReplayingOutOfOrder() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, 300)) {
            recover(journal, 0);
            for (int batch = 0; batch < 3; batch++) {
                journal.append(batch(batch * 2 + 1, 2));
            }
        }
        List<Path> files = segments();
        assertThat(files).hasSize(3);
        try (FileChannel ch = FileChannel.open(files.get(0), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0}), Files.size(files.get(0)) - 4);
        }

        try (Journal reopened = FileJournal.open(dir, 300)) {
            Recovered r = recover(reopened, 0);
            assertThat(r.replayed()).extracting(JournalEntry::sequence).containsExactly(1L);
            assertThat(segments()).hasSize(1);
            assertThat(Files.exists(dir.resolve(files.get(1).getFileName() + ".damaged"))).isTrue();
            assertThat(logged()).anySatisfy(line -> assertThat(line).contains("set aside"));
            reopened.append(batch(2, 1));
            assertThat(reopened.lastSequence()).isEqualTo(2);
        }
    }

    @Test
    void numberingGoesOnAfterTheTwinStoresSequenceWhenTheJournalIsBehindIt() throws Exception {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(journal, 0);
            journal.append(batch(1, 2));
        }
        try (Journal reopened = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            recover(reopened, 10); // e.g. the journal directory was emptied after a clean stop
            assertThat(reopened.lastSequence()).isEqualTo(10);
            assertThatThrownBy(() -> reopened.append(batch(3, 1))).isInstanceOf(IllegalArgumentException.class);
            reopened.append(batch(11, 2));
        }
        assertThat(segments()).hasSize(2);
        try (Journal again = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            assertThat(recover(again, 10).replayed()).extracting(JournalEntry::sequence).containsExactly(11L, 12L);
            assertThat(logged()).noneSatisfy(line -> assertThat(line).contains("missing"));
        }
    }

    @Test
    void entriesMissingAboveTheTwinStoresSequenceAreReported() throws Exception {
        try (FileJournal journal = FileJournal.open(dir, 300)) {
            recover(journal, 0);
            for (int batch = 0; batch < 3; batch++) {
                journal.append(batch(batch * 2 + 1, 2));
            }
        }
        Files.delete(segments().get(0));
        try (Journal reopened = FileJournal.open(dir, 300)) {
            assertThat(recover(reopened, 0).replayed()).extracting(JournalEntry::sequence).containsExactly(3L, 4L, 5L, 6L);
            assertThat(logged()).anySatisfy(line -> assertThat(line).contains("entries 1 to 2 are missing"));
        }
    }

    @Test
    void appendingBeforeRecoveringOrOutOfOrderIsRefused() {
        try (Journal journal = FileJournal.open(dir, FileJournal.DEFAULT_SEGMENT_BYTES)) {
            assertThatThrownBy(() -> journal.append(batch(1, 1))).isInstanceOf(IllegalStateException.class);
            recover(journal, 0);
            assertThatThrownBy(() -> journal.append(List.of(entry(1, 1), entry(3, 3))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 where 2 was due");
            assertThat(journal.lastSequence()).isZero();
            journal.append(batch(1, 1));
            JournalStats stats = journal.stats();
            assertThat(stats.onDisk()).isTrue();
            assertThat(stats.sequence()).isEqualTo(1);
            assertThat(stats.fsyncs()).isEqualTo(1);
        }
    }
}
