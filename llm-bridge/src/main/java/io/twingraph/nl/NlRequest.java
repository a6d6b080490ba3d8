package io.twingraph.nl;

import io.twingraph.twins.policy.ThingAccess;

/**
 * One thing a person said.
 *
 * @param text         what they said, in English
 * @param conversation the conversation it continues (for follow-ups such as "and in the kitchen?"), or null
 * @param dryRun       interpret and plan, but send no command and set no goal
 * @param area         where the speaker is (a room's name or IRI), for "in here" and commands without an area; or null
 * @param access       what the speaker's policies let them read and command: devices they may not read do not exist
 *                     for them, commands to devices they may not write are refused; {@link ThingAccess#UNRESTRICTED}
 *                     when null
 */
public record NlRequest(String text, String conversation, boolean dryRun, String area, ThingAccess access) {
    /** The longest text accepted, in characters. */
    public static final int MAX_LENGTH = 1000;

    public NlRequest {
        access = access == null ? ThingAccess.UNRESTRICTED : access;
    }

    /** A request of a speaker who may read and command every device. */
    public NlRequest(String text, String conversation, boolean dryRun, String area) {
        this(text, conversation, dryRun, area, ThingAccess.UNRESTRICTED);
    }

    public static NlRequest of(String text) {
        return new NlRequest(text, null, false, null);
    }

    /** The same request by a speaker with this access. */
    public NlRequest withAccess(ThingAccess speakerAccess) {
        return new NlRequest(text, conversation, dryRun, area, speakerAccess);
    }
}
