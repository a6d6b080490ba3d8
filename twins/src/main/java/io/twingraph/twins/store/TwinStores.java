package io.twingraph.twins.store;

import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.TwinStore;

/** Factories behind {@link TwinStore#open} and {@link TwinStore#inMemory}; not part of the API. */
public final class TwinStores {
    private TwinStores() {
    }

    public static TwinStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            return new EmbeddedTwinStore(store);
        } catch (Exception e) {
            throw new TwinGraphException("twins:store.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot open the twin store at " + file + ": " + e.getMessage(),
                    "Is another TwinGraph process using the same data directory?", e);
        }
    }

    public static TwinStore inMemory() {
        return new EmbeddedTwinStore(null);
    }
}
