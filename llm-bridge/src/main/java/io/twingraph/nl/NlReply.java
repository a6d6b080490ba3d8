package io.twingraph.nl;

import java.util.List;
import java.util.Map;

/**
 * The reply to a sentence.
 *
 * @param conversation   the conversation id (new when the request had none); send it back for follow-ups
 * @param status         {@link Status}
 * @param answer         the answer in words
 * @param interpretation what the sentence was understood to mean
 * @param actions        the device commands sent (or planned, on a dry run) and what became of each
 * @param sparql         the SPARQL query that answered a question, else null
 * @param rows           the question's result rows (variable to value), empty for commands
 * @param candidates     when the request was ambiguous: the things or areas it could mean
 * @param goal           the goal set, else null
 * @param millis         time taken to reply, in milliseconds
 */
public record NlReply(String conversation, Status status, String answer, Interpretation interpretation,
                      List<Action> actions, String sparql, List<Map<String, Object>> rows, List<Candidate> candidates,
                      Map<String, Object> goal, double millis) {
    public NlReply {
        actions = List.copyOf(actions);
        rows = List.copyOf(rows);
        candidates = List.copyOf(candidates);
    }

    /** How the request ended. */
    public enum Status {
        /** Every device confirmed its new state (or already had it). */
        DONE,
        /** Commands were sent, and at least one device did not confirm within the time limit. */
        NOT_CONFIRMED,
        /** At least one command could not be sent. */
        FAILED,
        /** A question was answered. */
        ANSWERED,
        /** A goal was set. */
        GOAL_SET,
        /** Dry run: what would be done, nothing sent. */
        PLANNED,
        /** Ambiguous: a question back, with candidates; nothing was done. */
        CLARIFY,
        /** Not understood, or understood with too little confidence; nothing was done. */
        NOT_UNDERSTOOD,
        /** Understood, but nothing in the home can do it (no matching device); nothing was done. */
        NO_MATCH,
        /** Understood, but the speaker's policies do not let them change any of the devices meant; nothing was sent. */
        FORBIDDEN,
        /** "never mind". */
        CANCELLED
    }

    /**
     * One device command.
     *
     * @param thing    thing id
     * @param name     the device's name
     * @param property {@code feature/property}
     * @param value    the value sent
     * @param outcome  {@code confirmed}, {@code not-confirmed}, {@code failed}, or {@code planned} on a dry run
     * @param detail   what was seen, for people
     */
    public record Action(String thing, String name, String property, Object value, String outcome, String detail) {
    }

    /** A thing or area the request might have meant. */
    public record Candidate(String id, String name, String area, double score) {
    }
}
