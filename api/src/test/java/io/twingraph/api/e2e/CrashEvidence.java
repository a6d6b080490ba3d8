package io.twingraph.api.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.engine.journal.Journal;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinStore;

/**
 * What a killed TwinGraph left on disk: the twin store's committed sequence and counters, and the journal entries
 * above it, in order. Read from a copy, so that the restart still finds the files exactly as the crash left them.
 *
 * @param committedSequence the last journal sequence the twin store holds
 * @param lastSequence      the last journal sequence on disk
 * @param toReplay          entries the restart must replay
 * @param committed         counter of each device as the twin store has it
 * @param replayed          counter values of each device in the journal above the committed sequence, in order
 */
record CrashEvidence(long committedSequence, long lastSequence, long toReplay, Map<String, Long> committed,
                     Map<String, List<Long>> replayed) {

    static CrashEvidence read(Path data, Path scratch) throws IOException {
        Files.createDirectories(scratch.resolve("journal"));
        Files.copy(data.resolve("twins.mv"), scratch.resolve("twins.mv"));
        try (Stream<Path> segments = Files.list(data.resolve("journal"))) {
            for (Path s : segments.toList()) {
                Files.copy(s, scratch.resolve("journal").resolve(s.getFileName()));
            }
        }
        long committedSequence;
        Map<String, Long> committed = new HashMap<>();
        try (TwinStore store = TwinStore.open(scratch.resolve("twins.mv"))) {
            committedSequence = store.committedSequence();
            for (Thing thing : store.all()) {
                counter(thing.toJson().getValue("features/counter/properties/n"))
                        .ifPresent(n -> committed.put(thing.getEntityId().orElseThrow().toString(), n));
            }
        }
        Map<String, List<Long>> replayed = new HashMap<>();
        long toReplay;
        long last;
        try (Journal journal = Journal.open(scratch.resolve("journal"))) {
            toReplay = journal.recover(committedSequence, id -> { }, entry -> {
                if (entry.command() instanceof TwinCommand.Merge merge && merge.patch().isObject()) {
                    counter(merge.patch().asObject().getValue("counter/properties/n")).ifPresent(n ->
                            replayed.computeIfAbsent(entry.command().thingId().toString(), k -> new ArrayList<>()).add(n));
                }
            });
            last = journal.lastSequence();
        }
        return new CrashEvidence(committedSequence, last, toReplay, committed, replayed);
    }

    private static java.util.Optional<Long> counter(java.util.Optional<JsonValue> value) {
        return value.filter(JsonValue::isNumber).map(JsonValue::asLong);
    }

    /** The counter a device must show after recovery: its last journaled value. */
    long expected(String device) {
        List<Long> values = replayed.getOrDefault(device, List.of());
        return values.isEmpty() ? committed.getOrDefault(device, -1L) : values.get(values.size() - 1);
    }
}
