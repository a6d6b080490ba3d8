package io.twingraph.api.privacy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.twingraph.nl.NlReply;

/**
 * One exchange with {@code /api/nl} as kept for the person who had it.
 *
 * @param time         when it was answered
 * @param conversation the conversation it belongs to
 * @param text         what they said
 * @param dryRun       whether it only planned
 * @param area         where they said they were, if they did
 * @param status       how it ended ({@code DONE}, {@code ANSWERED}, {@code GOAL_SET}...)
 * @param answer       TwinGraph's answer in words
 * @param actions      the device commands sent and their outcomes
 * @param goal         the id of the goal it set, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptLine(Instant time, String conversation, String text, boolean dryRun, String area, String status,
                             String answer, List<NlReply.Action> actions, String goal) {
    public TranscriptLine {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
