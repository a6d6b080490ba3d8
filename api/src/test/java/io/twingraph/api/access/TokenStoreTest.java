package io.twingraph.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.error.TwinGraphException;

class TokenStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path data;

    @Test
    void anIssuedTokenAuthenticatesAsItsSubjectWithItsRoles() {
        TokenStore store = TokenStore.open(data);
        IssuedToken t = store.create("alice", EnumSet.of(Role.OPERATOR), "kitchen tablet", NOW);

        Principal p = store.authenticate(t.token()).orElseThrow();
        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.tokenId()).isEqualTo(t.record().id());
        assertThat(p.has(Role.OPERATOR)).isTrue();
        assertThat(p.has(Role.READER)).as("every role reads").isTrue();
        assertThat(p.has(Role.AUTHOR)).isFalse();
        assertThat(p.has(Role.ADMIN)).isFalse();
        assertThat(p.policySubjects()).containsExactly("tg:alice", "role:reader", "role:operator");
    }

    @Test
    void theFileHoldsOnlyAHashAndIsOwnerOnly() throws Exception {
        TokenStore store = TokenStore.open(data);
        IssuedToken t = store.create("bob", EnumSet.of(Role.READER), null, NOW);
        Path file = data.resolve("access/tokens.json");
        String stored = Files.readString(file);
        String secret = t.token().substring(t.token().lastIndexOf('_') + 1);

        assertThat(stored).doesNotContain(secret).contains(t.record().id()).contains(TokenStore.sha256(t.token()));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aRightIdWithAWrongSecretOrAMalformedTokenIsRefused() {
        TokenStore store = TokenStore.open(data);
        IssuedToken t = store.create("carol", EnumSet.of(Role.ADMIN), null, NOW);
        String forged = t.token().substring(0, t.token().length() - 4) + "AAAA";

        assertThat(store.authenticate(forged)).isEmpty();
        assertThat(store.authenticate("")).isEmpty();
        assertThat(store.authenticate("tg_short_x")).isEmpty();
        assertThat(store.authenticate(null)).isEmpty();
    }

    @Test
    void revocationBySubjectReachesAnotherStoreOnTheSameDirectory() throws Exception {
        TokenStore server = TokenStore.open(data);
        TokenStore cli = TokenStore.open(data);
        IssuedToken t = cli.create("dave", EnumSet.of(Role.READER), null, NOW);
        // the server sees a token issued by the CLI after at most its reload interval
        awaitTrue(() -> server.authenticate(t.token()).isPresent());

        assertThat(cli.revoke("dave", NOW.plusSeconds(5))).hasSize(1);

        awaitTrue(() -> server.authenticate(t.token()).isEmpty());
        assertThat(server.list()).singleElement().satisfies(r -> assertThat(r.revoked()).isEqualTo(NOW.plusSeconds(5)));
    }

    @Test
    void badSubjectsRolesAndUnknownRevocationsAreNamed() {
        TokenStore store = TokenStore.open(data);
        assertThatThrownBy(() -> store.create("al ice", EnumSet.of(Role.READER), null, NOW))
                .isInstanceOf(TwinGraphException.class).hasMessageContaining("Invalid subject 'al ice'");
        assertThatThrownBy(() -> store.create("alice", EnumSet.noneOf(Role.class), null, NOW))
                .hasMessageContaining("at least one of the roles");
        assertThatThrownBy(() -> store.revoke("nobody", NOW))
                .isInstanceOf(TwinGraphException.class).hasMessageContaining("No token with id or subject 'nobody'");
        assertThatThrownBy(() -> Role.of("superuser")).hasMessageContaining("Unknown role 'superuser'");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(50);
        }
    }
}
