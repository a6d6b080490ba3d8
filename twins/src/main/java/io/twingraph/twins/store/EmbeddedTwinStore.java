package io.twingraph.twins.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonMergePatch;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingConflictException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingIdNotDeletableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingIdNotExplicitlySettableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinStore;

/**
 * Twins in a concurrent map of immutable Ditto things; persisted as JSON in an MVStore map keyed by thing id.
 * Changes are collected when applied and written, with the highest journal sequence they contain, by
 * {@link #commit()}: one MVStore commit, so twins and sequence are on disk together or not at all.
 */
final class EmbeddedTwinStore implements TwinStore {
    private static final String MAP_NAME = "things";
    private static final String META_MAP = "meta";
    private static final String JOURNAL_SEQUENCE = "journal.sequence";

    private final Map<ThingId, Thing> things = new ConcurrentHashMap<>();
    /** Twins changed since the last commit (null value: deleted); serialised once per commit, not per change. */
    private Map<ThingId, Thing> dirty = new java.util.HashMap<>();
    private final Object dirtyLock = new Object();
    private final Object commitLock = new Object();
    /** Replaced, under {@link #commitLock}, when the file is rewritten ({@link #compactFile}). */
    private volatile MVStore store;
    private volatile MVMap<String, String> persisted;
    private volatile MVMap<String, Long> meta;
    /** Highest journal sequence applied; read with {@link #dirty} under {@link #dirtyLock} so a commit sees both. */
    private long appliedSequence;
    private volatile long committedSequence;

    EmbeddedTwinStore(MVStore store) {
        this.store = store;
        this.persisted = store == null ? null : store.openMap(MAP_NAME);
        this.meta = store == null ? null : store.openMap(META_MAP);
        if (persisted != null) {
            persisted.forEach((id, json) -> things.put(ThingId.of(id), ThingsModelFactory.newThing(json)));
            committedSequence = meta.getOrDefault(JOURNAL_SEQUENCE, 0L);
            appliedSequence = committedSequence;
        }
    }

    @Override
    public Optional<Thing> get(ThingId thingId) {
        return Optional.ofNullable(things.get(thingId));
    }

    @Override
    public Collection<Thing> all() {
        return List.copyOf(things.values());
    }

    @Override
    public int size() {
        return things.size();
    }

    @Override
    public TwinEvent apply(TwinCommand command, Instant now, long journalSequence) {
        ThingId id = command.thingId();
        Thing before = things.get(id);
        Change change;
        JsonValue value;
        try {
            ThingPath path = ThingPath.parse(command.path());
            if (command instanceof TwinCommand.Create c) {
                change = create(id, before, c.thing());
                value = c.thing().toJson();
            } else if (command instanceof TwinCommand.Modify m) {
                change = modify(id, before, path, m.value());
                value = m.value();
            } else if (command instanceof TwinCommand.Merge m) {
                change = merge(id, before, path, m.patch(), command.origin());
                value = m.patch();
            } else {
                change = delete(id, before, path);
                value = null;
            }
        } catch (RuntimeException refused) {
            // refused for good: replaying it after a crash would only refuse it again, so it counts as applied
            synchronized (dirtyLock) {
                appliedSequence = Math.max(appliedSequence, journalSequence);
            }
            throw refused;
        }
        Thing after = change.after == null ? null : stamp(change.after, id, before, now);
        if (after == null) {
            things.remove(id);
        } else {
            things.put(id, after);
        }
        synchronized (dirtyLock) {
            // together: a commit taking this change also takes its sequence, never one without the other
            if (persisted != null) {
                dirty.put(id, after);
            }
            appliedSequence = Math.max(appliedSequence, journalSequence);
        }
        long revision = after != null ? after.getRevision().orElseThrow().toLong()
                : before.getRevision().map(r -> r.toLong() + 1).orElse(1L);
        return new TwinEvent(id, revision, now, change.action, command.path(), value, before, after,
                command.origin(), command.correlationId(), journalSequence, false);
    }

    @Override
    public void commit() {
        if (store == null) {
            return;
        }
        synchronized (commitLock) {
            Map<ThingId, Thing> toWrite;
            long sequence;
            synchronized (dirtyLock) {
                sequence = appliedSequence;
                if (dirty.isEmpty() && sequence == committedSequence) {
                    return;
                }
                toWrite = dirty;
                dirty = new java.util.HashMap<>();
            }
            try {
                toWrite.forEach((id, thing) -> {
                    if (thing == null) {
                        persisted.remove(id.toString());
                    } else {
                        persisted.put(id.toString(), thing.toJsonString(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()));
                    }
                });
                meta.put(JOURNAL_SEQUENCE, sequence);
                store.commit();
                // MVStore's commit leaves the data in the OS cache; the journal deletes what this commit covers, so
                // it must be on the disk itself first
                store.sync();
            } catch (RuntimeException e) {
                synchronized (dirtyLock) {
                    // not written: keep the changes for the next commit (newer changes of the same twin win)
                    toWrite.forEach(dirty::putIfAbsent);
                }
                throw e;
            }
            committedSequence = sequence;
        }
    }

    /**
     * Closes the file, copies its live pages into a new one with {@link MVStoreTool#compact(String, boolean)} (a new
     * file replacing the old, not a compaction in place that would leave freed blocks as they were) and reopens it.
     */
    @Override
    public void compactFile() {
        if (store == null) {
            return;
        }
        synchronized (commitLock) {
            commit();
            String file = store.getFileStore().getFileName();
            store.close();
            try {
                MVStoreTool.compact(file, false);
            } finally {
                MVStore reopened = new MVStore.Builder().fileName(file).autoCommitDisabled().open();
                meta = reopened.openMap(META_MAP);
                persisted = reopened.openMap(MAP_NAME);
                store = reopened;
            }
        }
    }

    @Override
    public long committedSequence() {
        return committedSequence;
    }

    @Override
    public void close() {
        if (store != null && !store.isClosed()) {
            store.close();
        }
    }

    private record Change(TwinEvent.Action action, Thing after) {
    }

    private static Change create(ThingId id, Thing before, Thing thing) {
        if (before != null) {
            throw ThingConflictException.newBuilder(id).build();
        }
        return new Change(TwinEvent.Action.CREATED, rebuild(id, ThingPath.parse(JsonPointer.empty()), thing.toJson()));
    }

    private static Change modify(ThingId id, Thing before, ThingPath path, JsonValue value) {
        if (path.kind() == ThingPath.Kind.THING) {
            if (!value.isObject()) {
                throw invalidPayload(id, path.pointer(), "a thing must be a JSON object");
            }
            checkIdInBody(id, value.asObject());
            return new Change(before == null ? TwinEvent.Action.CREATED : TwinEvent.Action.MODIFIED,
                    rebuild(id, path, value.asObject()));
        }
        if (path.kind() == ThingPath.Kind.THING_ID) {
            throw ThingIdNotExplicitlySettableException.forPutOrPatchMethod().build();
        }
        JsonObject json = requireExisting(id, before, path);
        boolean existed = json.getValue(path.pointer()).isPresent();
        JsonObject changed = json.setValue(path.pointer(), value);
        return new Change(existed ? TwinEvent.Action.MODIFIED : TwinEvent.Action.CREATED, rebuild(id, path, changed));
    }

    private static Change merge(ThingId id, Thing before, ThingPath path, JsonValue patch, TwinCommand.Origin origin) {
        if (before == null) {
            throw ThingNotAccessibleException.newBuilder(id).build();
        }
        if (path.kind() == ThingPath.Kind.THING_ID) {
            throw ThingIdNotExplicitlySettableException.forPutOrPatchMethod().build();
        }
        Thing fast = PropertyMerge.tryApply(id, before, path, patch, origin == TwinCommand.Origin.DEVICE);
        if (fast != null) {
            return new Change(TwinEvent.Action.MERGED, fast);
        }
        JsonObject json = before.toJson();
        if (origin == TwinCommand.Origin.DEVICE) {
            DeviceInputRules.checkMerge(id, json, path.pointer(), patch);
        }
        if (path.kind() == ThingPath.Kind.THING && patch.isObject()) {
            checkIdInBody(id, patch.asObject());
        }
        JsonValue merged = JsonMergePatch.of(path.pointer(), patch).applyOn(json);
        if (!merged.isObject()) {
            throw invalidPayload(id, path.pointer(), "merging must leave the thing a JSON object");
        }
        return new Change(TwinEvent.Action.MERGED, rebuild(id, path, merged.asObject()));
    }

    private static Change delete(ThingId id, Thing before, ThingPath path) {
        if (path.kind() == ThingPath.Kind.THING) {
            if (before == null) {
                throw ThingNotAccessibleException.newBuilder(id).build();
            }
            return new Change(TwinEvent.Action.DELETED, null);
        }
        if (path.kind() == ThingPath.Kind.THING_ID) {
            throw ThingIdNotDeletableException.newBuilder().build();
        }
        JsonObject json = requireExisting(id, before, path);
        if (json.getValue(path.pointer()).isEmpty()) {
            throw path.notFound(id);
        }
        return new Change(TwinEvent.Action.DELETED, rebuild(id, path, json.remove(path.pointer())));
    }

    /** The thing's JSON, after checking that the thing and (for paths inside a feature) the feature exist. */
    private static JsonObject requireExisting(ThingId id, Thing before, ThingPath path) {
        if (before == null) {
            throw ThingNotAccessibleException.newBuilder(id).build();
        }
        JsonObject json = before.toJson();
        if (path.kind().isInsideFeature() && json.getValue(path.featurePointer()).isEmpty()) {
            throw ThingPath.parse(path.featurePointer()).notFound(id);
        }
        return json;
    }

    private static void checkIdInBody(ThingId id, JsonObject body) {
        body.getValue("thingId").filter(JsonValue::isString).map(JsonValue::asString)
                .filter(bodyId -> !bodyId.equals(id.toString()))
                .ifPresent(bodyId -> {
                    throw ThingIdNotExplicitlySettableException.forPutOrPatchMethod().build();
                });
    }

    private static Thing rebuild(ThingId id, ThingPath path, JsonObject json) {
        try {
            return withoutSpecialFields(id, json);
        } catch (RuntimeException e) {
            throw invalidPayload(id, path.pointer(), e.getMessage());
        }
    }

    private static Thing withoutSpecialFields(ThingId id, JsonObject json) {
        JsonObject regular = json.stream()
                .filter(f -> !f.getKey().toString().startsWith("_"))
                .collect(JsonObject::newBuilder, (b, f) -> b.set(f), (a, b) -> a.setAll(b.build()))
                .build();
        return ThingsModelFactory.newThingBuilder(regular).setId(id).build();
    }

    private static Thing stamp(Thing thing, ThingId id, Thing before, Instant now) {
        long revision = before == null ? 1 : before.getRevision().map(r -> r.toLong() + 1).orElse(1L);
        Instant created = before == null ? now : before.getCreated().orElse(now);
        return thing.toBuilder().setId(id).setRevision(revision).setCreated(created).setModified(now).build();
    }

    private static TwinGraphException invalidPayload(ThingId id, JsonPointer at, String why) {
        return new TwinGraphException("things:payload.invalid", TwinGraphException.Kind.INVALID,
                "Invalid value for thing '" + id + "' at '" + at + "': " + why,
                "Check the value against Ditto's thing model (attributes and properties are JSON objects).");
    }
}
