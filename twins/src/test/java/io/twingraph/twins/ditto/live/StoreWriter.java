package io.twingraph.twins.ditto.live;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinStore;

/** The engine's writer in small: one thread applying commands, in order, to a real in-memory twin store. */
final class StoreWriter implements TwinSubmitter, AutoCloseable {
    final TwinStore store = TwinStore.inMemory();
    final AtomicInteger submitted = new AtomicInteger();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-writer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public CompletionStage<?> submit(TwinCommand command) {
        submitted.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> store.apply(command, Instant.now()), writer);
    }

    @Override
    public void close() {
        writer.shutdownNow();
        store.close();
    }
}
