package io.twingraph.api.eval.intents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * TwinGraph's reading of a sentence ({@code interpretation} of {@code POST /api/nl}'s reply) as Home Assistant's
 * (intent, slots).
 *
 * <p>Intents: TURN_ON, OPEN, LOCK are {@code HassTurnOn}; TURN_OFF, CLOSE, UNLOCK {@code HassTurnOff};
 * SET_BRIGHTNESS, SET_COLOR {@code HassLightSet}; SET_POSITION {@code HassSetPosition}; SET_TEMPERATURE
 * {@code HassClimateSetTemperature}; GET_VALUE of the quantity temperature {@code HassClimateGetTemperature};
 * GET_STATE, LIST, COUNT {@code HassGetState}; CANCEL {@code HassNevermind}; anything else (GET_VALUE of another
 * quantity, HISTORY, SET_GOAL, UNKNOWN) no intent.
 *
 * <p>Slots: {@code name}, {@code area}, {@code floor}, {@code domain} (the interpretation's kind),
 * {@code device_class}, {@code state}, and from its values {@code brightness}, {@code color}, {@code position},
 * {@code temperature}. Home Assistant's sentence templates emit {@code domain} and {@code device_class} only in some
 * forms of each intent, so they are emitted here the same way (these rules are HA's conventions, read from its
 * intent templates, not facts about any one sentence):
 * <ul>
 *   <li>{@code domain}: for a device named by its name, only for on/off of scenes, scripts and valves, for state
 *       questions about covers, locks, binary sensors, people and valves, and always for set-position; for devices
 *       chosen by kind, for on/off, state questions and set-position;</li>
 *   <li>{@code device_class}: for a named device only in a binary sensor's state question; for devices chosen by kind
 *       only for covers and binary sensors;</li>
 *   <li>{@code name} is {@code all} for "turn on the fans" (unless the room is the speaker's) and for "unlock the
 *       doors in the hall";</li>
 *   <li>{@code state} only in state questions.</li>
 * </ul>
 */
final class HaIntents {
    /** The Home Assistant intents the mapping can produce. */
    static final Set<String> SUPPORTED = Set.of("HassTurnOn", "HassTurnOff", "HassLightSet", "HassSetPosition",
            "HassClimateSetTemperature", "HassClimateGetTemperature", "HassGetState", "HassNevermind");
    private static final List<String> VALUE_SLOTS = List.of("brightness", "color", "position", "temperature");

    private HaIntents() {
    }

    /**
     * What TwinGraph understood, in Home Assistant's terms.
     *
     * @param intent   the HA intent, or null when the interpretation maps to none
     * @param slots    HA slot name to value (strings, numbers)
     * @param ours     TwinGraph's own intent name ({@code TURN_ON}...), or null when the reply had no interpretation
     * @param quantity {@code values.quantity} when given (GET_VALUE), else null
     */
    record Reading(String intent, Map<String, Object> slots, String ours, String quantity) {
        Reading {
            slots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slots));
        }

        static final Reading NONE = new Reading(null, Map.of(), null, null);
    }

    /** The HA intent for one of TwinGraph's, or null. */
    static String intent(String ours, String quantity) {
        if (ours == null) {
            return null;
        }
        return switch (ours) {
            case "TURN_ON", "OPEN", "LOCK" -> "HassTurnOn";
            case "TURN_OFF", "CLOSE", "UNLOCK" -> "HassTurnOff";
            case "SET_BRIGHTNESS", "SET_COLOR" -> "HassLightSet";
            case "SET_POSITION" -> "HassSetPosition";
            case "SET_TEMPERATURE" -> "HassClimateSetTemperature";
            case "GET_VALUE" -> "temperature".equalsIgnoreCase(quantity) ? "HassClimateGetTemperature" : null;
            case "GET_STATE", "LIST", "COUNT" -> "HassGetState";
            case "CANCEL" -> "HassNevermind";
            default -> null;
        };
    }

    /** Reads the {@code interpretation} of a reply (Jackson's serialisation of {@code NlReply}). */
    static Reading read(JsonNode reply) {
        JsonNode i = reply == null ? null : reply.get("interpretation");
        if (i == null || !i.isObject()) {
            return Reading.NONE;
        }
        String ours = HaSuite.text(i.get("intent"));
        JsonNode values = i.get("values");
        boolean hasValues = values != null && values.isObject();
        String quantity = hasValues ? HaSuite.text(values.get("quantity")) : null;
        String areaSource = hasValues ? HaSuite.text(values.get("areaSource")) : null;
        String intent = intent(ours, quantity);
        String kind = HaSuite.text(i.get("kind"));
        boolean named = HaSuite.text(i.get("name")) != null;
        boolean onOff = "HassTurnOn".equals(intent) || "HassTurnOff".equals(intent);
        boolean getState = "HassGetState".equals(intent);
        Map<String, Object> slots = new LinkedHashMap<>();
        put(slots, "name", i.get("name"));
        put(slots, "area", i.get("area"));
        put(slots, "floor", i.get("floor"));
        if (kind != null && (named
                ? onOff && Set.of("scene", "script", "valve").contains(kind)
                    || getState && Set.of("cover", "lock", "binary_sensor", "person", "valve").contains(kind)
                    || "HassSetPosition".equals(intent)
                : onOff || getState || "HassSetPosition".equals(intent))) {
            slots.put("domain", kind);
        }
        if (named ? getState && "binary_sensor".equals(kind)
                : ("cover".equals(kind) || "binary_sensor".equals(kind)) && !"HassClimateGetTemperature".equals(intent)) {
            put(slots, "device_class", i.get("deviceClass"));
        }
        if (!named && onOff && "fan".equals(kind) && !"speaker".equals(areaSource)
                || !named && "UNLOCK".equals(ours) && "said".equals(areaSource)) {
            slots.put("name", "all");
        }
        if (getState) {
            put(slots, "state", i.get("state"));
        }
        if (hasValues) {
            for (String key : VALUE_SLOTS) {
                put(slots, key, values.get(key));
            }
        }
        return new Reading(intent, slots, ours, quantity);
    }

    private static void put(Map<String, Object> slots, String key, JsonNode node) {
        Object value = HaSuite.value(node);
        if (value instanceof String s && s.isBlank()) {
            return;
        }
        if (value != null) {
            slots.put(key, value);
        }
    }
}
