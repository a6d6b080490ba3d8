package io.twingraph.api.privacy;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.ditto.policies.model.Label;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyEntry;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.SubjectId;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;
import io.twingraph.twins.policy.PolicyStore;

/**
 * A person in the stored policies: the entries whose subjects include {@code tg:<subject>}, and the policies only
 * their twins use ({@link Person#ownPolicies()}). Erasure takes the subject out of each entry (the entry goes when no
 * subject is left) and deletes those policies.
 */
final class PersonalPolicies {
    /**
     * A policy or an entry of one, as exported.
     *
     * @param policyId the policy
     * @param label    the entry naming them, or null for a twin's own policy (then {@code json} is the whole policy)
     * @param json     the entry or the policy, Ditto JSON
     */
    record Found(String policyId, String label, JsonNode json) {
    }

    private PersonalPolicies() {
    }

    static List<Found> find(PolicyStore store, Person person) {
        List<Found> found = new ArrayList<>();
        if (store == null) {
            return found;
        }
        for (Policy policy : store.all()) {
            String id = policy.getEntityId().map(Object::toString).orElse("");
            if (isTheirTwins(policy, person)) {
                found.add(new Found(id, null, json(policy.toJsonString())));
                continue;
            }
            for (PolicyEntry entry : policy.getEntriesSet()) {
                if (entry.getSubjects().getSubject(SubjectId.newInstance(person.tag())).isPresent()) {
                    found.add(new Found(id, entry.getLabel().toString(), json(entry.toJsonString())));
                }
            }
        }
        return found;
    }

    /** @return how many policies were changed or deleted */
    static int erase(PolicyStore store, Person person) {
        if (store == null) {
            return 0;
        }
        int changed = 0;
        SubjectId them = SubjectId.newInstance(person.tag());
        for (Policy policy : store.all()) {
            if (isTheirTwins(policy, person)) {
                store.delete(policy.getEntityId().orElseThrow());
                changed++;
                continue;
            }
            Policy edited = policy;
            for (PolicyEntry entry : policy.getEntriesSet()) {
                if (entry.getSubjects().getSubject(them).isPresent()) {
                    Label label = entry.getLabel();
                    edited = edited.removeSubjectFor(label, them);
                    if (edited.getEntryFor(label).map(e -> e.getSubjects().isEmpty()).orElse(false)) {
                        edited = edited.removeEntry(label);
                    }
                }
            }
            if (edited != policy) {
                store.put(edited);
                changed++;
            }
        }
        return changed;
    }

    private static boolean isTheirTwins(Policy policy, Person person) {
        PolicyId id = policy.getEntityId().orElse(null);
        return id != null && !id.equals(PolicyStore.DEFAULT_POLICY_ID) && person.ownPolicies().contains(id.toString());
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a policy that is not JSON: " + e.getMessage(), e);
        }
    }
}
