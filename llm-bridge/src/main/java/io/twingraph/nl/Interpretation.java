package io.twingraph.nl;

import java.util.List;
import java.util.Map;

/**
 * What a sentence was understood to mean. Slots hold what the sentence said, in the home's own terms: the name of
 * the device as the home calls it, the area and floor labels, the kind of device ({@code light}, {@code cover}...)
 * and its class ({@code curtain}, {@code window}...). {@code things} are the twins it resolves to.
 *
 * @param intent      {@link Intent}
 * @param things      thing ids the request applies to (empty when none match, or for a goal)
 * @param name        the device's name when one was named, else null
 * @param area        the area's label when the request is about an area (said, or the speaker's), else null
 * @param floor       the floor's label when one was said, else null
 * @param kind        the kind of device said or implied ({@code light}, {@code cover}, {@code lock}...), else null
 * @param deviceClass the class of device said ({@code window}, {@code curtain}, {@code garage_door}...), else null
 * @param state       the state asked about or filtered on ({@code on}, {@code off}, {@code open}, {@code closed},
 *                    {@code locked}, {@code unlocked}), else null
 * @param values      values to set or targets: {@code brightness}, {@code color}, {@code position},
 *                    {@code temperature}; for goals also {@code quantity} and {@code when}
 * @param confidence  0..1; below the service's threshold nothing is acted on
 * @param source      {@code local} (the parser) or {@code llm}
 */
public record Interpretation(Intent intent, List<String> things, String name, String area, String floor, String kind,
                             String deviceClass, String state, Map<String, Object> values, double confidence,
                             String source) {
    public Interpretation {
        things = List.copyOf(things);
        values = Map.copyOf(values);
    }

    /** Intents the language layer knows. */
    public enum Intent {
        TURN_ON, TURN_OFF, OPEN, CLOSE, LOCK, UNLOCK,
        SET_BRIGHTNESS, SET_COLOR, SET_POSITION, SET_TEMPERATURE,
        /** "is the garage door open", "what's the state of X". */
        GET_STATE,
        /** "what's the temperature in the kitchen". */
        GET_VALUE,
        /** "which windows are open". */
        LIST,
        /** "how many lights are on". */
        COUNT,
        /** "what was the temperature in the kitchen yesterday", where the graph keeps it. */
        HISTORY,
        /** "keep the office at 21 while I'm there". */
        SET_GOAL,
        /** "never mind". */
        CANCEL,
        /** Not understood. */
        UNKNOWN
    }
}
