package io.twingraph.nl;

/**
 * One thing a person said.
 *
 * @param text         what they said, in English
 * @param conversation the conversation it continues (for follow-ups such as "and in the kitchen?"), or null
 * @param dryRun       interpret and plan, but send no command and set no goal
 * @param area         where the speaker is (a room's name or IRI), for "in here" and commands without an area; or null
 */
public record NlRequest(String text, String conversation, boolean dryRun, String area) {
    /** The longest text accepted, in characters. */
    public static final int MAX_LENGTH = 1000;

    public static NlRequest of(String text) {
        return new NlRequest(text, null, false, null);
    }
}
