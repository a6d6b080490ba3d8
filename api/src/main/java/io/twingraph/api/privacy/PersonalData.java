package io.twingraph.api.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.access.Role;
import io.twingraph.api.audit.AuditEntry;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.twins.DeadLetter;

/**
 * Everything TwinGraph holds about one person, as one document ({@code GET /api/privacy/{subject}}); see the package
 * description for what each section is.
 *
 * @param subject     whose it is
 * @param exportedAt  when it was put together
 * @param tokens      their API tokens (never the token or its hash)
 * @param policies    policy entries naming them ({@code tg:<subject>}) and their twins' own policies
 * @param things      their twins (Ditto JSON), e.g. a presence tracker
 * @param requests    what they did through the API, from the audit log
 * @param transcripts what they said to {@code /api/nl} and the replies
 * @param goals       goals they set that are active now
 * @param decisions   decisions that pursued their goals or used their things
 * @param statements  other graph statements naming their things or their subject (N-Quads)
 * @param deadLetters refused device input naming their things
 */
public record PersonalData(String subject, Instant exportedAt, List<Token> tokens,
                           List<PersonalPolicies.Found> policies, List<JsonNode> things,
                           List<AuditEntry> requests, List<TranscriptLine> transcripts, List<Goal> goals,
                           List<PersonalGraph.DecisionRecord> decisions, List<String> statements,
                           List<DeadLetter> deadLetters) {

    /** A token as the person may see it. */
    public record Token(String id, Set<Role> roles, Instant created, Instant revoked, String note) {
    }

    /** True when nothing at all is held. */
    @JsonIgnore
    public boolean isEmpty() {
        return tokens.isEmpty() && policies.isEmpty() && things.isEmpty() && requests.isEmpty() && transcripts.isEmpty() && goals.isEmpty()
                && decisions.isEmpty() && statements.isEmpty() && deadLetters.isEmpty();
    }
}
