package io.twingraph.engine.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.TwinEvent;

/**
 * The one way rules, plans and language send commands to devices: the command goes out through the device
 * connection, and the gateway then watches the twin until it shows the desired value or the time limit passes.
 * Callers get a {@link CommandOutcome} and never an exception, so "sent but not confirmed" and "could not be sent"
 * are answers, not failures.
 */
public final class CommandGateway implements AutoCloseable {
    /** How long a device has to report the new state when the caller does not say. */
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private final TwinGraphEngine engine;
    private final DeviceCommandSender sender;
    private final Clock clock;
    private final Map<ThingId, List<Pending>> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twingraph-command-timeouts");
        t.setDaemon(true);
        return t;
    });

    private record Pending(DeviceCommand command, Instant sentAt, CompletableFuture<CommandOutcome> result) {
    }

    public CommandGateway(TwinGraphEngine engine, DeviceCommandSender sender) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = engine.clock();
        engine.onCommitted(this::watch);
    }

    /** Sends the command and waits up to {@link #DEFAULT_CONFIRM_TIMEOUT} for the twin to confirm it. */
    public CompletableFuture<CommandOutcome> send(DeviceCommand command) {
        return send(command, DEFAULT_CONFIRM_TIMEOUT);
    }

    /**
     * Sends the command to the device its twin stands for.
     *
     * @param confirmWithin how long the device has to report the desired value
     * @return completes with the outcome; never completes exceptionally
     */
    public CompletableFuture<CommandOutcome> send(DeviceCommand command, Duration confirmWithin) {
        Objects.requireNonNull(command, "command");
        Instant sentAt = clock.instant();
        Optional<Thing> target = engine.twins().get(command.thingId());
        if (target.isEmpty()) {
            return settled(command, CommandOutcome.Status.FAILED, sentAt,
                    "There is no twin '" + command.thingId() + "' to send the command to.");
        }
        CompletableFuture<CommandOutcome> result = new CompletableFuture<>();
        Pending waiting = new Pending(command, sentAt, result);
        // registered before sending, so that a device answering at once is not missed
        pending.computeIfAbsent(command.thingId(), id -> new CopyOnWriteArrayList<>()).add(waiting);
        try {
            sender.send(command, target.get());
        } catch (RuntimeException e) {
            forget(waiting);
            return settled(command, CommandOutcome.Status.FAILED, sentAt,
                    "The command could not be sent: " + e.getMessage());
        }
        if (shows(target.get(), command)) {
            settle(waiting, CommandOutcome.Status.CONFIRMED, "The device was already in that state.");
        } else {
            timer.schedule(() -> settle(waiting, CommandOutcome.Status.NOT_CONFIRMED,
                            "Sent, but the device did not report " + command.value() + " at " + command.path()
                                    + " within " + confirmWithin.toMillis() + " ms."),
                    confirmWithin.toMillis(), TimeUnit.MILLISECONDS);
        }
        return result;
    }

    /** How many commands are waiting for their device. */
    public int waiting() {
        return pending.values().stream().mapToInt(List::size).sum();
    }

    private void watch(List<TwinEvent> events) {
        if (pending.isEmpty()) {
            return;
        }
        for (TwinEvent event : events) {
            List<Pending> forThing = pending.get(event.thingId());
            if (forThing == null || event.after() == null) {
                continue;
            }
            for (Pending p : forThing) {
                if (shows(event.after(), p.command())) {
                    settle(p, CommandOutcome.Status.CONFIRMED, "The device reported " + p.command().value()
                            + " at " + p.command().path() + " (twin revision " + event.revision() + ").");
                }
            }
        }
    }

    private void settle(Pending p, CommandOutcome.Status status, String detail) {
        forget(p);
        p.result().complete(new CommandOutcome(p.command(), status, p.sentAt(), clock.instant(), detail));
    }

    private void forget(Pending p) {
        pending.computeIfPresent(p.command().thingId(), (id, list) -> {
            list.remove(p);
            return list.isEmpty() ? null : list;
        });
    }

    private CompletableFuture<CommandOutcome> settled(DeviceCommand command, CommandOutcome.Status status, Instant at,
                                                      String detail) {
        return CompletableFuture.completedFuture(new CommandOutcome(command, status, at, clock.instant(), detail));
    }

    /** True when the twin holds the command's value at its path; numbers compare by value (21 equals 21.0). */
    static boolean shows(Thing thing, DeviceCommand command) {
        Optional<JsonValue> actual = thing.toJson().getValue(command.path());
        if (actual.isEmpty()) {
            return false;
        }
        JsonValue have = actual.get();
        JsonValue want = command.value();
        if (have.isNumber() && want.isNumber()) {
            return Math.abs(have.asDouble() - want.asDouble()) <= 1e-9 * Math.max(1.0, Math.abs(want.asDouble()));
        }
        return have.equals(want);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (List<Pending> list : pending.values()) {
            for (Pending p : list) {
                p.result().complete(new CommandOutcome(p.command(), CommandOutcome.Status.NOT_CONFIRMED, p.sentAt(),
                        clock.instant(), "TwinGraph stopped before the device reported."));
            }
        }
        pending.clear();
    }
}
