package io.twingraph.api.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A token as stored: never the token itself, only its SHA-256 hash.
 *
 * @param id        the token's public part, shown in lists and logs ({@code tg_<id>_<secret>})
 * @param subject   who it was issued to
 * @param roles     what it may do
 * @param sha256    hex SHA-256 of the whole token text
 * @param created   when it was issued
 * @param revoked   when it was revoked, or null while valid
 * @param note      free text from the issuer (what it is for), may be null
 */
public record TokenRecord(String id, String subject, Set<Role> roles, String sha256, Instant created, Instant revoked,
                          String note) {
    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(created, "created");
        roles = Set.copyOf(roles);
    }

    /** Whether it still authenticates (not revoked). Not named isRevoked: Jackson would take that for the property. */
    public boolean valid() {
        return revoked == null;
    }

    TokenRecord revokedAt(Instant when) {
        return new TokenRecord(id, subject, roles, sha256, created, when, note);
    }

    Principal principal() {
        return new Principal(subject, roles, id);
    }
}
