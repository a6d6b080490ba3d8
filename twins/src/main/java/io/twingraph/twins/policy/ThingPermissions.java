package io.twingraph.twins.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.eclipse.ditto.base.model.auth.AuthorizationContext;
import org.eclipse.ditto.base.model.auth.AuthorizationSubject;
import org.eclipse.ditto.base.model.auth.DittoAuthorizationContextType;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.enforcers.Enforcer;
import org.eclipse.ditto.policies.model.enforcers.PolicyEnforcers;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

/**
 * Which policy governs which twin, and each caller's {@link ThingAccess} under them. The rule, first match wins:
 * <ol>
 * <li>the thing's {@code policyId}, when a policy of that id is stored;</li>
 * <li>the site policy {@code <namespace>:site} of the thing's namespace ({@code home1:site} for
 * {@code home1:kitchen-light}), when one is stored;</li>
 * <li>the default policy {@link PolicyStore#DEFAULT_POLICY_ID};</li>
 * <li>none: only callers with {@link ThingAccess#UNRESTRICTED} access (administrators) see the thing.</li>
 * </ol>
 * A thing's {@code policyId} that names no stored policy is not an error (Ditto gives every new thing a policy id equal
 * to its thing id): the site or the default policy applies until an administrator stores that policy.
 *
 * <p>Each stored policy revision is compiled once into Ditto's enforcer and reused until the policy changes.
 * Thread-safe.
 */
public final class ThingPermissions {
    private final PolicyStore policies;
    private final Function<ThingId, Optional<Thing>> twins;
    private final Map<PolicyId, Compiled> enforcers = new ConcurrentHashMap<>();

    /**
     * @param twins looks up a twin's current state (for its policy id), e.g. {@code twinStore::get}
     */
    public ThingPermissions(PolicyStore policies, Function<ThingId, Optional<Thing>> twins) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.twins = Objects.requireNonNull(twins, "twins");
    }

    /**
     * The access of a caller known by these Ditto authorization subject ids ({@code tg:alice}, {@code role:reader}...).
     */
    public ThingAccess forSubjects(Collection<String> subjectIds) {
        List<AuthorizationSubject> subjects = subjectIds.stream().map(AuthorizationSubject::newInstance).toList();
        return new SubjectAccess(this, AuthorizationContext.newInstance(DittoAuthorizationContextType.UNSPECIFIED, subjects));
    }

    /** The id of the stored policy that governs a thing declaring {@code declared} as its policy id (see the rule above). */
    public Optional<PolicyId> governing(ThingId thingId, Optional<PolicyId> declared) {
        if (declared.isPresent() && policies.get(declared.get()).isPresent()) {
            return declared;
        }
        PolicyId site = PolicyStore.sitePolicyId(thingId.getNamespace());
        if (policies.get(site).isPresent()) {
            return Optional.of(site);
        }
        return policies.get(PolicyStore.DEFAULT_POLICY_ID).isPresent()
                ? Optional.of(PolicyStore.DEFAULT_POLICY_ID) : Optional.empty();
    }

    /** The enforcer for a thing as it is now in the twin store (unknown things fall to the site or default policy). */
    Optional<Enforcer> enforcer(ThingId thingId) {
        return enforcerUnder(thingId, twins.apply(thingId).flatMap(Thing::getPolicyId));
    }

    /** The enforcer for a thing declaring {@code declared} as its policy id. */
    Optional<Enforcer> enforcerUnder(ThingId thingId, Optional<PolicyId> declared) {
        return governing(thingId, declared).flatMap(this::compiled);
    }

    private Optional<Enforcer> compiled(PolicyId id) {
        Optional<Policy> current = policies.get(id);
        if (current.isEmpty()) {
            enforcers.remove(id);
            return Optional.empty();
        }
        Policy policy = current.get();
        Compiled cached = enforcers.get(id);
        if (cached == null || cached.policy != policy) {
            cached = new Compiled(policy, PolicyEnforcers.defaultEvaluator(policy.getEntriesSet()));
            enforcers.put(id, cached);
        }
        return Optional.of(cached.enforcer);
    }

    /** A policy revision and its enforcer: the store replaces the policy object on every change. */
    private record Compiled(Policy policy, Enforcer enforcer) {
    }
}
