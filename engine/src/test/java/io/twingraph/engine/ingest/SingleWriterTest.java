package io.twingraph.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.journal.Journal;
import io.twingraph.engine.journal.JournalEntry;
import io.twingraph.engine.journal.JournalStats;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinStore;

class SingleWriterTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");

    /** A journal that logs what it was given, in the same log the acknowledgements write to; it can be made to fail. */
    private static final class LoggingJournal implements Journal {
        final List<String> log;
        volatile boolean failing;
        volatile boolean syncFails;
        final List<JournalEntry> pending = new CopyOnWriteArrayList<>();
        volatile long last;
        int appends;

        LoggingJournal(List<String> log) {
            this.log = log;
        }

        @Override
        public long recover(long committed, Consumer<Delivery.MessageId> seen, Consumer<JournalEntry> replay) {
            last = committed;
            return 0;
        }

        @Override
        public long lastSequence() {
            return last;
        }

        @Override
        public void write(List<JournalEntry> entries) {
            if (failing) {
                throw new TwinGraphException("engine:journal.write", TwinGraphException.Kind.UNAVAILABLE,
                        "Cannot write the journal: disk full", null);
            }
            appends++;
            entries.forEach(e -> log.add("written " + e.command().correlationId()));
            pending.addAll(entries);
            last = entries.get(entries.size() - 1).sequence();
        }

        @Override
        public void sync() {
            if (syncFails) {
                throw new TwinGraphException("engine:journal.sync", TwinGraphException.Kind.UNAVAILABLE,
                        "Cannot force the journal to disk: I/O error", null);
            }
            pending.forEach(e -> log.add("journaled " + e.command().correlationId()));
            pending.clear();
        }

        @Override
        public void release(long committedSequence) {
        }

        @Override
        public JournalStats stats() {
            return new JournalStats(true, last, 0, 0, appends, 0, 0, 0, 0);
        }

        @Override
        public void close() {
        }
    }

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final LoggingJournal journal = new LoggingJournal(log);
    private final TwinStore twins = TwinStore.inMemory();
    private final DeadLetters deadLetters = DeadLetters.inMemory();
    private SingleWriter writer;

    @BeforeEach
    void start() {
        writer = new SingleWriter(twins, KnowledgeGraph.inMemory(), journal, deadLetters, Clock.systemUTC(), 1024, 64,
                Duration.ofSeconds(1));
        writer.start();
        writer.recover();
        writer.submit(new TwinCommand.Create(LAMP, ThingsModelFactory.newThing(
                "{\"features\":{\"light\":{\"properties\":{\"level\":0}}}}"), TwinCommand.Origin.API, "create")).join();
    }

    @AfterEach
    void stop() {
        writer.close();
    }

    private static TwinCommand.Merge level(int value) {
        return TwinCommand.telemetry(LAMP, JsonObject.of("{\"light\":{\"level\":" + value + "}}"), "level-" + value);
    }

    private Delivery delivery(int value) {
        return new Delivery("twingraph/home1:lamp/telemetry", "{}", new Delivery.MessageId("mqtt:tg:" + value, value),
                null, new Delivery.Acknowledgement() {
            @Override
            public void accepted() {
                log.add("acked level-" + value);
            }

            @Override
            public void notAccepted() {
                log.add("left level-" + value);
            }
        });
    }

    private long revision() {
        return twins.get(LAMP).orElseThrow().getRevision().orElseThrow().toLong();
    }

    @Test
    void everyDeliveryIsAcknowledgedOnlyAfterTheJournalHasItAndEveryEventCarriesItsSequence() {
        List<Long> sequences = new CopyOnWriteArrayList<>();
        writer.addListener(events -> events.forEach(e -> sequences.add(e.sequence())));
        for (int i = 1; i <= 200; i++) {
            writer.submit(level(i), delivery(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log.stream().filter(l -> l.startsWith("acked")).count() == 200);

        for (int i = 1; i <= 200; i++) {
            assertThat(log.indexOf("written level-" + i)).as("level %d", i).isNotNegative()
                    .isLessThan(log.indexOf("journaled level-" + i));
            assertThat(log.indexOf("journaled level-" + i)).as("level %d", i).isLessThan(log.indexOf("acked level-" + i));
        }
        assertThat(journal.appends).isLessThan(200); // grouped: one append (one fsync) per batch
        await().until(() -> sequences.contains(201L));
        // (the listener may also get the create's event: callers hear back before listeners are told)
        assertThat(sequences.stream().filter(s -> s > 1).toList())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, 201).boxed().toList());
        assertThat(revision()).isEqualTo(201);
    }

    @Test
    void whenTheJournalRefusesABatchNothingOfItIsAppliedOrAcknowledgedAndCallersHearWhy() {
        journal.failing = true;
        writer.submit(level(1), delivery(1));
        assertThatThrownBy(() -> writer.submit(level(2)).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TwinGraphException.class).hasMessageContaining("disk full");
        await().until(() -> log.contains("left level-1"));
        assertThat(log).doesNotContain("acked level-1");
        assertThat(revision()).isEqualTo(1);
        assertThat(writer.stats().rejected()).isEqualTo(2);
        assertThat(deadLetters.total()).isZero(); // not refused for good: the broker delivers it again

        journal.failing = false;
        writer.submit(level(1), delivery(1));
        await().until(() -> log.contains("acked level-1"));
        assertThat(writer.submit(level(3)).join().sequence()).isEqualTo(3);
        assertThat(revision()).isEqualTo(3);
    }

    @Test
    void whenAnFsyncFailsNobodyHearsOfTheBatchAndNoMoreInputIsTaken() {
        List<Long> told = new CopyOnWriteArrayList<>();
        writer.addListener(events -> events.forEach(e -> told.add(e.sequence())));
        journal.syncFails = true;
        assertThatThrownBy(() -> writer.submit(level(2)).join()).isInstanceOf(CompletionException.class)
                .hasMessageContaining("I/O error");
        assertThatThrownBy(() -> writer.submit(level(3), delivery(3)))
                .isInstanceOfSatisfying(TwinGraphException.class, e -> assertThat(e.code()).isEqualTo("engine:journal.sync"));
        assertThat(log).noneMatch(l -> l.startsWith("acked") || l.startsWith("left"));
        assertThat(told).noneMatch(s -> s > 1);
    }
}
