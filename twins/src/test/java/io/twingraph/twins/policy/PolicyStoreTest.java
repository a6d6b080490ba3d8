package io.twingraph.twins.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.error.TwinGraphException;

class PolicyStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
    private static final PolicyId SITE = PolicyId.of("home1:site");
    private static final String SITE_JSON = """
            {"entries": {"family": {"subjects": {"tg:alice": {"type": "person"}},
              "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []},
                            "thing:/features/camera": {"grant": [], "revoke": ["READ"]}}}}}""";

    @TempDir
    Path data;

    @Test
    void theFirstStartWritesTheDefaultPolicy() {
        PolicyStore store = PolicyStore.open(data, CLOCK);

        Policy policy = store.get(PolicyStore.DEFAULT_POLICY_ID).orElseThrow();
        assertThat(policy.getEntryFor("readers")).isPresent();
        assertThat(policy.getEntryFor("operators")).isPresent();
        assertThat(Files.exists(data.resolve("policies/twingraph%3Adefault.json"))).isTrue();
    }

    @Test
    void policiesSurviveAReopenWithTheirRevisions() {
        PolicyStore store = PolicyStore.open(data, CLOCK);
        store.put(PolicyJson.read(SITE, SITE_JSON));
        Policy second = store.put(PolicyJson.read(SITE, SITE_JSON));

        PolicyStore again = PolicyStore.open(data, CLOCK);

        assertThat(second.getRevision().orElseThrow().toLong()).isEqualTo(2);
        assertThat(again.get(SITE)).contains(second);
        assertThat(again.all()).extracting(p -> p.getEntityId().orElseThrow().toString())
                .containsExactly("home1:site", "twingraph:default");
    }

    @Test
    void aDeletedPolicyStaysDeletedAndTheDefaultIsNotWrittenAgain() {
        PolicyStore store = PolicyStore.open(data, CLOCK);
        store.put(PolicyJson.read(SITE, SITE_JSON));

        assertThat(store.delete(SITE)).isTrue();
        assertThat(store.delete(SITE)).isFalse();
        assertThat(store.delete(PolicyStore.DEFAULT_POLICY_ID)).isTrue();
        PolicyStore again = PolicyStore.open(data, CLOCK);

        assertThat(again.all()).isEmpty();
    }

    @Test
    void aDamagedFileStopsTheStoreFromOpening() throws Exception {
        PolicyStore.open(data, CLOCK);
        Files.writeString(data.resolve("policies/twingraph%3Adefault.json"), "{\"policyId\": \"twingraph:default\", \"entr");

        assertThatThrownBy(() -> PolicyStore.open(data, CLOCK)).isInstanceOf(TwinGraphException.class)
                .hasMessageContaining("twingraph%3Adefault.json")
                .extracting(e -> ((TwinGraphException) e).code()).isEqualTo("policies:store.unreadable");
    }

    @Test
    void invalidPoliciesAreRefusedWithDittosErrorNamingTheProblem() {
        assertDitto("{\"entries\": ", "json.invalid");
        assertDitto("[1, 2]", "json.invalid");
        assertDitto("{}", "json.field.missing");
        assertDitto("{\"policyId\": \"home1:other\", \"entries\": {}}", "policies:id.notsettable");
        assertDitto("""
                {"entries": {"x": {"subjects": {"alice": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}}}}""", "policies:subjectid.invalid");
        assertDitto("""
                {"entries": {"x": {"subjects": {"tg:alice": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["FLY"], "revoke": []}}}}}""", "policies:entry.invalid");
        assertDitto("""
                {"entries": {"x": {"subjects": {"tg:alice": {"type": "person"}},
                  "resources": {"gadget:/": {"grant": ["READ"], "revoke": []}}}}}""", "policies:entry.invalid");
        assertDitto("""
                {"entries": {"x": {"subjects": {"tg:alice": {"type": "person"}},
                  "resources": {"thing:/": {"grant": "READ", "revoke": []}}}}}""", "json.invalid");
        assertDitto("""
                {"entries": {"x": {"subjects": {"tg:alice": {"type": "person", "expiry": "2030-01-01T00:00:00Z"}},
                  "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}}}}""", "policies:entry.invalid");
    }

    @Test
    void theMessageSaysWhichEntryAndPermissionAreWrong() {
        assertThatThrownBy(() -> PolicyJson.read(SITE, """
                {"entries": {"guests": {"subjects": {"tg:alice": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "DELETE"], "revoke": []}}}}}"""))
                .hasMessageContaining("guests").hasMessageContaining("DELETE");
    }

    @Test
    void importsAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> PolicyJson.read(SITE, """
                {"imports": {"home1:base": {}}, "entries": {}}"""))
                .isInstanceOf(TwinGraphException.class)
                .extracting(e -> ((TwinGraphException) e).code()).isEqualTo("policies:imports.unsupported");
    }

    private static void assertDitto(String json, String errorCode) {
        assertThatThrownBy(() -> PolicyJson.read(SITE, json)).as(json)
                .isInstanceOf(DittoRuntimeException.class)
                .extracting(e -> ((DittoRuntimeException) e).getErrorCode()).isEqualTo(errorCode);
    }
}
