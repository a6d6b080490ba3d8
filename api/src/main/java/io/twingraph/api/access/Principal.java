package io.twingraph.api.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the person or system a token was issued to, and the roles it holds.
 *
 * @param subject the token's subject, e.g. {@code alice} (letters, digits, {@code . _ @ -})
 * @param roles   the roles granted; {@link Role#READER} is implied by any role, {@link Role#ADMIN} implies every role
 * @param tokenId the public part of the token that authenticated the call ({@code null} for an anonymous reader)
 */
public record Principal(String subject, Set<Role> roles, String tokenId) {
    /** The caller without a token when anonymous reads are allowed. */
    public static final Principal ANONYMOUS = new Principal("anonymous", EnumSet.of(Role.READER), null);

    public Principal {
        Objects.requireNonNull(subject, "subject");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** Whether this caller may do what {@code role} allows. */
    public boolean has(Role role) {
        return role == Role.PUBLIC || roles.contains(Role.ADMIN) || roles.contains(role)
                || (role == Role.READER && !roles.isEmpty());
    }

    public boolean isAnonymous() {
        return tokenId == null;
    }

    /**
     * The Ditto authorization subjects of this caller, for policy checks: {@code tg:<subject>} and
     * {@code role:<role>} for each role held (with {@code role:reader} always, since every role reads).
     */
    public List<String> policySubjects() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        ids.add("tg:" + subject);
        EnumSet<Role> held = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        if (!held.isEmpty()) {
            held.add(Role.READER);
        }
        held.forEach(r -> ids.add("role:" + r.id()));
        return List.copyOf(ids);
    }
}
