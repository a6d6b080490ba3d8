package io.twingraph.api.eval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Reading;
import io.twingraph.engine.rules.facts.Room;
import io.twingraph.twins.simulation.HomeSimulation;
import io.twingraph.twins.simulation.SimulationConfig;

/**
 * The control beside the NAB numbers: the same pack on a simulated home, which exercises the household rules (range,
 * jump, stuck, neighbours, empty room) that NAB's series cannot. Run twice: as simulated, where the simulator injects
 * no faults, so every anomaly is a false alarm; and with four faults injected from the middle of the run (a sensor
 * frozen, a sensor reading 4 degC high, a CO2 reading of 0, a one-reading spike), to see which are caught and how
 * soon. Every device reports its full state every five simulated minutes (the simulator's heartbeat; the deadband
 * reports in between are left out), rooms are occupied when a presence sensor says so (as the runtime computes
 * them), and the rules fire once per report round, as for a batch.
 */
final class NabHomeControl {
    /** A winter week: heating, people coming and going, windows opened. */
    static final LocalDate START = LocalDate.of(2026, 1, 12);
    static final Duration HEARTBEAT = Duration.ofMinutes(5);

    /** What a fault does to the readings of one device's property from its start. */
    enum Effect {
        /** Repeats the value it had when the fault started. */
        FROZEN,
        /** Reads 4 higher. */
        OFFSET,
        /** Reads 0 once. */
        ZERO_ONCE,
        /** Reads 8 higher once. */
        SPIKE_ONCE
    }

    /** A fault injected into the simulated home. */
    record Fault(String device, String key, Effect effect, Instant from) {
        String describe() {
            return device + " " + key + " " + effect.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** A fault and the first anomaly raised about its device and property after it started, or null. */
    record Caught(Fault fault, Decision first) {
    }

    /** The four faults, from noon of the middle day. */
    static List<Fault> faults(int days) {
        ZoneId zone = ZoneId.systemDefault();
        Instant from = START.plusDays(Math.max(1, days / 2)).atTime(12, 0).atZone(zone).toInstant();
        return List.of(new Fault("home1:living-room-climate-sensor", "environment/temperature", Effect.FROZEN, from),
                new Fault("home1:kitchen-climate-sensor", "environment/temperature", Effect.OFFSET, from),
                new Fault("home1:office-climate-sensor", "environment/co2", Effect.ZERO_ONCE, from.plus(Duration.ofHours(1))),
                new Fault("home1:bedroom-climate-sensor", "environment/temperature", Effect.SPIKE_ONCE,
                        from.plus(Duration.ofHours(2))));
    }

    /**
     * What the pack raised on the simulated home.
     *
     * @param devices  devices in the home
     * @param days     simulated days
     * @param readings readings inserted
     * @param byRule   anomalies per rule
     * @param examples the first few anomalies that are not about an injected fault, as "time device rule: reason"
     * @param caught   per injected fault, the first anomaly about it (none in a run without faults)
     * @param others   anomalies that are not about an injected fault
     * @param took     wall time
     */
    record Result(int devices, double days, long readings, Map<String, Integer> byRule, List<String> examples,
                  List<Caught> caught, int others, Duration took) {
        int anomalies() {
            return byRule.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private NabHomeControl() {
    }

    /**
     * One home of the default simulation (seed 42) for {@code days}, in the JVM's zone (the pack's time of day), with
     * the given faults injected.
     */
    static Result run(String drl, int days, List<Fault> faults) {
        long started = System.nanoTime();
        ZoneId zone = ZoneId.systemDefault();
        Instant start = START.atStartOfDay(zone).toInstant();
        HomeSimulation sim = new HomeSimulation(SimulationConfig.defaults(), Clock.fixed(start, zone));
        Map<String, String[]> devices = new LinkedHashMap<>();
        for (Thing thing : sim.things()) {
            JsonObject attributes = thing.getAttributes().map(a -> (JsonObject) a).orElse(JsonObject.empty());
            devices.put(thing.getEntityId().orElseThrow().toString(),
                    new String[] {type(text(attributes, "class")), text(attributes, "location")});
        }
        Map<String, Boolean> occupied = new HashMap<>();
        Map<String, Integer> byRule = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        Map<Fault, Decision> first = new LinkedHashMap<>();
        Map<Fault, Double> frozen = new HashMap<>();
        int others = 0;
        long readings = 0;
        Instant end = start.plus(Duration.ofDays(days));
        try (RuleTester tester = RuleTester.of(drl, start)) {
            for (Instant now = start; now.isBefore(end); now = now.plus(HEARTBEAT)) {
                sim.step(HEARTBEAT);
                Instant at = now.plus(HEARTBEAT);
                tester.advanceTo(at);
                Map<String, Boolean> presence = new HashMap<>();
                for (Map.Entry<String, String[]> d : devices.entrySet()) {
                    String type = d.getValue()[0];
                    String room = d.getValue()[1];
                    Map<String, Object> properties = properties(sim.state(d.getKey()).orElse(JsonObject.empty()));
                    if (!room.isEmpty() && (Boolean.TRUE.equals(properties.get("presence/occupied"))
                            || Boolean.TRUE.equals(properties.get("presence/motion")))) {
                        presence.put(room, true);
                    }
                    for (Map.Entry<String, Object> p : properties.entrySet()) {
                        Object value = inject(faults, frozen, d.getKey(), p.getKey(), p.getValue(), at);
                        tester.reading(Reading.of(d.getKey(), type, room, p.getKey(), value, at));
                        readings++;
                    }
                }
                for (String[] d : devices.values()) {
                    String room = d[1];
                    boolean now1 = presence.getOrDefault(room, false);
                    if (!room.isEmpty() && !Boolean.valueOf(now1).equals(occupied.get(room))) {
                        occupied.put(room, now1);
                        tester.room(new Room(room, room.substring(room.lastIndexOf('/') + 1), "", "", now1,
                                at.toEpochMilli()));
                    }
                }
                for (Decision decision : tester.fire()) {
                    if (decision.kind() == Decision.Kind.RULE_FAILED) {
                        throw new IllegalStateException("Rule '" + decision.rule() + "' failed on the simulated home: "
                                + decision.detail());
                    }
                    if (decision.kind() == Decision.Kind.ANOMALY) {
                        byRule.merge(decision.rule(), 1, Integer::sum);
                        Fault about = about(faults, decision);
                        if (about != null) {
                            first.putIfAbsent(about, decision);
                            continue;
                        }
                        others++;
                        if (examples.size() < 5) {
                            examples.add(decision.time() + " " + decision.devices().get(0) + " "
                                    + decision.rule().replaceFirst("^anomaly: ", "") + ": " + decision.reason());
                        }
                    }
                }
            }
        }
        List<Caught> caught = faults.stream().map(f -> new Caught(f, first.get(f))).toList();
        return new Result(devices.size(), days, readings, byRule, examples, caught, others,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** The value a device reports, with the faults on its property applied from their start. */
    static Object inject(List<Fault> faults, Map<Fault, Double> frozen, String device, String key, Object value,
                         Instant at) {
        for (Fault f : faults) {
            if (!f.device().equals(device) || !f.key().equals(key) || at.isBefore(f.from())
                    || !(value instanceof Number n)) {
                continue;
            }
            double v = n.doubleValue();
            boolean first = at.isBefore(f.from().plus(HEARTBEAT));
            switch (f.effect()) {
                case FROZEN:
                    return frozen.computeIfAbsent(f, x -> v);
                case OFFSET:
                    return v + 4;
                case ZERO_ONCE:
                    return first ? 0.0 : v;
                case SPIKE_ONCE:
                    return first ? v + 8 : v;
                default:
                    return v;
            }
        }
        return value;
    }

    /** The fault an anomaly is about: same device and property, raised after the fault started. */
    private static Fault about(List<Fault> faults, Decision d) {
        for (Fault f : faults) {
            if (d.devices().get(0).equals(f.device()) && !d.time().isBefore(f.from())
                    && d.matched().stream().anyMatch(m -> m.contains(f.key()))) {
                return f;
            }
        }
        return null;
    }

    /** {@code {"feature": {"property": v}}} as {@code feature/property} keys, nested objects joined with '/'. */
    static Map<String, Object> properties(JsonObject features) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonField f : features) {
            if (f.getValue().isObject()) {
                flatten(f.getKeyName(), f.getValue().asObject(), out);
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonObject object, Map<String, Object> into) {
        for (JsonField field : object) {
            String key = prefix + "/" + field.getKeyName();
            JsonValue v = field.getValue();
            if (v.isObject()) {
                flatten(key, v.asObject(), into);
            } else if (v.isBoolean()) {
                into.put(key, v.asBoolean());
            } else if (v.isNumber()) {
                into.put(key, v.asDouble());
            } else if (v.isString()) {
                into.put(key, v.asString());
            }
        }
    }

    private static String text(JsonObject json, String key) {
        return json.getValue(key).filter(JsonValue::isString).map(JsonValue::asString).orElse("");
    }

    /** The class name without prefix, as the runtime gives it to rules ({@code saref:Sensor} is {@code Sensor}). */
    private static String type(String cls) {
        int cut = Math.max(Math.max(cls.lastIndexOf('#'), cls.lastIndexOf('/')), cls.lastIndexOf(':'));
        return cls.substring(cut + 1);
    }
}
