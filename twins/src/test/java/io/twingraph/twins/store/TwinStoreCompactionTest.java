package io.twingraph.twins.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinStore;

/** Privacy erasure in the twin store: a deleted twin's bytes leave the file, the rest stays and the store goes on. */
class TwinStoreCompactionTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final ThingId ALICE = ThingId.of("home1:presence-alice");
    private static final ThingId LAMP = ThingId.of("home1:lamp");

    @TempDir
    Path dir;

    private static TwinCommand create(ThingId id, String name) {
        return new TwinCommand.Create(id, ThingsModelFactory.newThing("{\"attributes\":{\"name\":\"" + name
                + "\"},\"features\":{\"f\":{\"properties\":{\"v\":1}}}}"), TwinCommand.Origin.API, "c-" + id);
    }

    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    @Test
    void compactingRewritesTheFileWithoutDeletedTwinsAndKeepsTheRest() throws IOException {
        Path file = dir.resolve("twins.mv");
        try (TwinStore store = TwinStore.open(file)) {
            store.apply(create(ALICE, "Phone of Alice Example"), NOW, 1);
            store.apply(create(LAMP, "Hall lamp"), NOW, 2);
            store.commit();
            store.apply(new TwinCommand.Delete(ALICE, JsonPointer.empty(), TwinCommand.Origin.API, "d"), NOW, 3);
            store.commit();
            // copy-on-write: unreachable, but still in the file after the commit
            assertThat(text(file)).contains("Alice Example");

            store.compactFile();

            assertThat(text(file)).doesNotContain("Alice Example").doesNotContain("presence-alice").contains("Hall lamp");
            store.apply(new TwinCommand.Modify(LAMP, JsonPointer.of("/attributes/name"),
                    org.eclipse.ditto.json.JsonValue.of("Porch lamp"), TwinCommand.Origin.API, "m"), NOW, 4);
            store.commit();
            assertThat(store.committedSequence()).isEqualTo(4);
        }
        try (TwinStore reopened = TwinStore.open(file)) {
            assertThat(reopened.get(ALICE)).isEmpty();
            assertThat(reopened.get(LAMP).orElseThrow().getAttributes().orElseThrow().getValue("name").orElseThrow().asString())
                    .isEqualTo("Porch lamp");
            assertThat(reopened.committedSequence()).isEqualTo(4);
        }
    }

    @Test
    void aStoreInMemoryHasNothingToCompact() {
        try (TwinStore store = TwinStore.inMemory()) {
            store.apply(create(LAMP, "Hall lamp"), NOW, 1);
            store.compactFile();
            assertThat(store.get(LAMP)).isPresent();
        }
    }
}
