package io.twingraph.api.privacy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.access.TokenStore;
import io.twingraph.api.audit.AuditLog;
import io.twingraph.api.audit.AuditQuery;
import io.twingraph.api.http.Json;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.journal.JournalRedaction;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Namespaces;
import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.policy.PolicyStore;

/**
 * Export and erasure of what TwinGraph holds about a person (see the package description for what that is).
 *
 * <p>Erasure runs in an order that keeps new data about the person from appearing behind it: their tokens first (they
 * can no longer call in), their policy entries, their goals (no rule pursues them any more), their twins deleted through the engine, the
 * journal rewritten (after the twin store's commit, so nothing about them is replayed at the next start), the rules
 * brought up to date (decisions still on their way are in the graph), then the graph, dead letters, transcripts and
 * audit log, and last the compaction of the twin store and the graph. One erasure runs at a time.
 */
public final class PrivacyService {
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyService.class);
    /** Subjects that are not people: callers without a token, refused tokens. */
    private static final Set<String> NOT_PEOPLE = Set.of("anonymous", "unknown");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TwinGraphEngine engine;
    private final RuleRuntime rules;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Transcripts transcripts;
    private final PolicyStore policies;
    private final Clock clock;

    /**
     * @param policies the stored policies, or null where there are none
     */
    public PrivacyService(TwinGraphEngine engine, RuleRuntime rules, TokenStore tokens, AuditLog audit,
                          Transcripts transcripts, PolicyStore policies, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.transcripts = Objects.requireNonNull(transcripts, "transcripts");
        this.policies = policies;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Everything held about a subject, as one document.
     *
     * @throws TwinGraphException {@code privacy:subject.invalid} (400) for a text that cannot be a subject,
     *                            {@code privacy:subject.notfound} (404) when nothing is held about it
     */
    public PersonalData export(String subject) {
        PersonalData data = collect(check(subject));
        if (data.isEmpty()) {
            throw notFound(subject);
        }
        return data;
    }

    /**
     * Erases everything held about a subject and makes it durable (see the class description).
     *
     * @throws TwinGraphException {@code privacy:subject.invalid} (400), {@code privacy:subject.notfound} (404)
     */
    public synchronized Erasure erase(String subject) {
        check(subject);
        List<Thing> owned = owned(subject);
        Person person = person(subject, owned);
        if (collect(person).isEmpty()) {
            throw notFound(subject);
        }
        String pseudonym = "erased-" + HexFormat.of().formatHex(randomBytes(6));
        List<String> notes = new ArrayList<>();

        int tokenCount = tokens.forget(subject);
        int policyCount = PersonalPolicies.erase(policies, person);
        List<Goal> goals = rules.goals().stream().filter(person::setGoal).toList();
        goals.forEach(g -> rules.removeGoal(g.id()));
        List<String> deleted = deleteTwins(owned, notes);
        JournalRedaction journal = engine.eraseFromJournal(person.things());
        if (journal.keptUncommitted() > 0) {
            notes.add(journal.keptUncommitted() + " journal entries about their twins were not yet in the twin store and "
                    + "stay until it commits; erase again to replace them");
        }
        rules.sync(); // decisions made before the twins went are recorded by now, and found below
        PersonalGraph.Found found = PersonalGraph.find(engine.graph(), person);
        rules.forgetDecisions(found.decisions().keySet().stream()
                .map(n -> n.getURI().substring(Namespaces.DECISION.length())).collect(Collectors.toSet()));
        PersonalGraph.delete(engine.graph(), found);
        int letters = engine.deadLetters().forget(l -> person.mentionsThing(l.source()) || person.mentionsThing(l.payload()));
        int lines = transcripts.forget(subject);
        int entries = audit.pseudonymise(subject, pseudonym, replacements(person, goals, pseudonym));
        boolean compacted = compact(notes);
        Erasure erasure = new Erasure(pseudonym, clock.instant(), tokenCount, policyCount, deleted, entries, lines, goals.size(),
                found.decisions().size(), found.quads(), journal.replaced(), letters, compacted, notes);
        LOG.info("Privacy: {}", erasure.summary());
        return erasure;
    }

    private PersonalData collect(String subject) {
        return collect(person(subject, owned(subject)));
    }

    private PersonalData collect(Person person) {
        String subject = person.subject();
        List<PersonalData.Token> theirTokens = tokens.list().stream().filter(r -> r.subject().equals(subject))
                .map(r -> new PersonalData.Token(r.id(), r.roles(), r.created(), r.revoked(), r.note())).toList();
        List<JsonNode> things = new ArrayList<>();
        for (ThingId id : person.things()) {
            engine.twins().get(id).ifPresent(t -> things.add(json(t)));
        }
        PersonalGraph.Found found = PersonalGraph.find(engine.graph(), person);
        List<DeadLetter> letters = engine.deadLetters().recent(Integer.MAX_VALUE).stream()
                .filter(l -> person.mentionsThing(l.source()) || person.mentionsThing(l.payload())).toList();
        return new PersonalData(subject, clock.instant(), theirTokens, PersonalPolicies.find(policies, person), things,
                audit.find(new AuditQuery(subject, null, null, null, null, Integer.MAX_VALUE)),
                transcripts.of(subject), rules.goals().stream().filter(person::setGoal).toList(),
                PersonalGraph.decisions(found), PersonalGraph.statements(found), letters);
    }

    private Person person(String subject, List<Thing> owned) {
        Set<String> conversations = new LinkedHashSet<>();
        transcripts.of(subject).forEach(l -> conversations.add(l.conversation()));
        return new Person(subject, Person.ids(owned), conversations, Person.ownPolicies(owned, engine.twins().all()));
    }

    private List<Thing> owned(String subject) {
        return engine.twins().all().stream().filter(t -> Person.owns(subject, t)).toList();
    }

    /** Deletes the twins through the engine (journaled, mirrored, told to the rules) and waits for each. */
    private List<String> deleteTwins(List<Thing> owned, List<String> notes) {
        List<String> deleted = new ArrayList<>();
        Map<ThingId, CompletableFuture<TwinEvent>> pending = new LinkedHashMap<>();
        for (Thing t : owned) {
            ThingId id = t.getEntityId().orElseThrow();
            pending.put(id, engine.submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.API,
                    TwinCommand.newCorrelationId())));
        }
        pending.forEach((id, f) -> {
            try {
                f.join();
                deleted.add(id.toString());
            } catch (CompletionException e) {
                // gone already (deleted meanwhile) is as good; anything else is said
                if (engine.twins().get(id).isPresent()) {
                    notes.add("twin " + id + " could not be deleted: " + e.getCause().getMessage());
                } else {
                    deleted.add(id.toString());
                }
            }
        });
        return deleted;
    }

    /**
     * Their subject, as {@code tg:} and bare, their things' ids and the ids of goals they set through the API
     * ({@code /api/goals/alice-warm} names them too), each to the pseudonym, things and goals numbered.
     */
    private static Map<String, String> replacements(Person person, List<Goal> goals, String pseudonym) {
        Map<String, String> map = new LinkedHashMap<>();
        int n = 0;
        for (String name : person.names()) {
            if (name.equals(person.tag())) {
                map.put(name, "tg:" + pseudonym);
            } else if (name.equals(person.subject())) {
                map.put(name, pseudonym);
            } else {
                map.put(name, pseudonym + ":thing-" + ++n);
            }
        }
        int g = 0;
        for (Goal goal : goals) {
            // a goal said in words has a room's id (nl-office-temperature) that others' requests may name as well
            if (goal.source().startsWith(person.tag())) {
                map.putIfAbsent(goal.id(), pseudonym + "-goal-" + ++g);
            }
        }
        return map;
    }

    private boolean compact(List<String> notes) {
        try {
            engine.compactStorage();
            return true;
        } catch (RuntimeException e) {
            LOG.error("Privacy: compacting after an erasure failed; the deleted data is unreachable but may remain in "
                    + "unused blocks of the files until the next compaction", e);
            notes.add("compaction failed (" + e.getMessage() + "): the deleted data is unreachable but its bytes may "
                    + "remain in the twin store or graph files until the next erasure or compaction");
            return false;
        }
    }

    private static String check(String subject) {
        if (!TokenStore.isValidSubject(subject) || NOT_PEOPLE.contains(subject)) {
            throw new TwinGraphException("privacy:subject.invalid", TwinGraphException.Kind.INVALID,
                    "'" + subject + "' is not a person's subject.",
                    "A subject is what a token was issued to: 1-64 letters, digits, '.', '_', '@' or '-'.");
        }
        return subject;
    }

    private static TwinGraphException notFound(String subject) {
        return new TwinGraphException("privacy:subject.notfound", TwinGraphException.Kind.NOT_FOUND,
                "Nothing is held about '" + subject + "'.",
                "Check the spelling: GET /api/tokens lists the subjects tokens were issued to.");
    }

    private static JsonNode json(Thing thing) {
        try {
            return Json.MAPPER.readTree(thing.toJsonString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a twin that is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
