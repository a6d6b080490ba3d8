package io.twingraph.api.privacy;

import java.time.Instant;
import java.util.List;

/**
 * What an erasure removed ({@code DELETE /api/privacy/{subject}}). The subject itself is not in it: the audit log
 * knows the erasure by its pseudonym only.
 *
 * @param pseudonym       what stands for the person in the audit log from now on
 * @param erasedAt        when
 * @param tokens          token records removed
 * @param policies        policies changed (their subject taken out of an entry) or deleted (their twins' own)
 * @param things          ids of the twins deleted
 * @param auditEntries    audit entries pseudonymised
 * @param transcripts     transcript lines deleted
 * @param goals           goals removed
 * @param decisions       decisions deleted from the graph
 * @param graphStatements statements deleted from the graph, decisions' included
 * @param journalEntries  journal entries replaced by placeholders
 * @param deadLetters     dead letters removed
 * @param compacted       whether the twin store and the graph were compacted afterwards
 * @param notes           what the erasure could not do, in words (empty when nothing)
 */
public record Erasure(String pseudonym, Instant erasedAt, int tokens, int policies, List<String> things, int auditEntries,
                      int transcripts, int goals, int decisions, int graphStatements, long journalEntries,
                      int deadLetters, boolean compacted, List<String> notes) {

    /** One line for the audit entry of the erasure: counts and the pseudonym, no names. */
    public String summary() {
        return "erased " + pseudonym + ": " + tokens + " tokens, " + policies + " policies, " + things.size() + " twins, " + auditEntries
                + " audit entries, " + transcripts + " transcript lines, " + goals + " goals, " + decisions
                + " decisions, " + graphStatements + " graph statements, " + journalEntries + " journal entries, "
                + deadLetters + " dead letters" + (compacted ? "; storage compacted" : "");
    }
}
