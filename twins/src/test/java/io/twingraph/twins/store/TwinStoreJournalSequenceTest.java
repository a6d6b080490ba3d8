package io.twingraph.twins.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinStore;

class TwinStoreJournalSequenceTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    private static TwinCommand create() {
        return new TwinCommand.Create(LAMP, ThingsModelFactory.newThing("{\"features\":{\"light\":{\"properties\":{\"level\":0}}}}"),
                TwinCommand.Origin.API, "c");
    }

    private static TwinCommand level(int value) {
        return TwinCommand.telemetry(LAMP, JsonObject.of("{\"light\":{\"level\":" + value + "}}"), "l" + value);
    }

    @Test
    void aCommitStoresTheHighestSequenceAppliedWithTheTwinsAndOnlyWhatWasCommittedSurvives() {
        Path file = dir.resolve("twins.mv");
        try (TwinStore store = TwinStore.open(file)) {
            assertThat(store.committedSequence()).isZero();
            TwinEvent created = store.apply(create(), NOW, 1);
            assertThat(created.sequence()).isEqualTo(1);
            assertThat(created.replayed()).isFalse();
            store.apply(level(5), NOW, 2);
            store.commit();
            assertThat(store.committedSequence()).isEqualTo(2);
            store.apply(level(6), NOW, 3); // applied, never committed: as if the process died here
        }
        try (TwinStore reopened = TwinStore.open(file)) {
            assertThat(reopened.committedSequence()).isEqualTo(2);
            assertThat(reopened.get(LAMP).orElseThrow().getRevision().orElseThrow().toLong()).isEqualTo(2);
        }
    }

    @Test
    void aRefusedCommandCountsAsAppliedSoItIsNotReplayed() {
        Path file = dir.resolve("twins.mv");
        try (TwinStore store = TwinStore.open(file)) {
            store.apply(create(), NOW, 1);
            assertThatThrownBy(() -> store.apply(create(), NOW, 2)).hasMessageContaining("already exists");
            store.commit();
            assertThat(store.committedSequence()).isEqualTo(2);
            // nothing changed since: a commit has nothing to write
            store.commit();
            assertThat(store.committedSequence()).isEqualTo(2);
        }
    }

    @Test
    void commandsWithoutASequenceLeaveTheCommittedSequenceAlone() {
        try (TwinStore store = TwinStore.open(dir.resolve("twins.mv"))) {
            store.apply(create(), NOW, 4);
            store.apply(level(1), NOW);
            store.commit();
            assertThat(store.committedSequence()).isEqualTo(4);
        }
    }
}
