package io.twingraph.twins.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThingPermissionsTest {
    private static final List<String> READER = List.of("tg:rita", "role:reader");
    private static final List<String> OPERATOR = List.of("tg:otto", "role:reader", "role:operator");
    private static final JsonPointer ROOT = JsonPointer.empty();

    @TempDir
    Path data;
    PolicyStore store;
    final Map<ThingId, Thing> twins = new HashMap<>();
    ThingPermissions permissions;

    @BeforeEach
    void open() {
        store = PolicyStore.open(data, Clock.systemUTC());
        permissions = new ThingPermissions(store, id -> Optional.ofNullable(twins.get(id)));
        twin("home1:lamp", "home1:lamp");
        twin("home2:lamp", "home2:lamp");
    }

    @Test
    void theDefaultPolicyLetsReadersReadAndOperatorsWrite() {
        ThingAccess reader = permissions.forSubjects(READER);
        ThingAccess operator = permissions.forSubjects(OPERATOR);
        ThingId lamp = ThingId.of("home1:lamp");

        assertThat(reader.canRead(lamp, ROOT)).isTrue();
        assertThat(reader.canReadAll(lamp, ROOT)).isTrue();
        assertThat(reader.canWrite(lamp, JsonPointer.of("/features/light/properties/on"))).isFalse();
        assertThat(operator.canWrite(lamp, JsonPointer.of("/features/light/properties/on"))).isTrue();
        assertThat(reader.view(twins.get(lamp))).contains(twins.get(lamp));
    }

    @Test
    void aThingsOwnPolicyGovernsItWhenStored() {
        put("home1:lamp", """
                {"entries": {"rita": {"subjects": {"tg:rita": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}""");
        ThingId lamp = ThingId.of("home1:lamp");

        assertThat(permissions.governing(lamp, Optional.of(PolicyId.of("home1:lamp")))).contains(PolicyId.of("home1:lamp"));
        assertThat(permissions.forSubjects(READER).canWrite(lamp, ROOT)).as("rita, by her person subject").isTrue();
        assertThat(permissions.forSubjects(OPERATOR).canRead(lamp, ROOT))
                .as("the operator role is not in the lamp's own policy").isFalse();
        assertThat(permissions.forSubjects(OPERATOR).view(twins.get(lamp))).isEmpty();
    }

    @Test
    void aRevokeOnAFeatureHidesItAndOnlyIt() {
        put("home1:lamp", """
                {"entries": {"readers": {"subjects": {"role:reader": {"type": "role"}},
                  "resources": {"thing:/": {"grant": ["READ"], "revoke": []},
                                "thing:/features/power": {"grant": [], "revoke": ["READ"]}}}}}""");
        ThingAccess reader = permissions.forSubjects(READER);
        ThingId lamp = ThingId.of("home1:lamp");

        assertThat(reader.canRead(lamp, ROOT)).isTrue();
        assertThat(reader.canReadAll(lamp, ROOT)).isFalse();
        assertThat(reader.canRead(lamp, JsonPointer.of("/features/light"))).isTrue();
        assertThat(reader.canRead(lamp, JsonPointer.of("/features/power"))).isFalse();
        assertThat(reader.canRead(lamp, JsonPointer.of("/features/power/properties/watts"))).isFalse();
        Thing view = reader.view(twins.get(lamp)).orElseThrow();
        assertThat(view.getFeatures().orElseThrow().getFeature("light")).isPresent();
        assertThat(view.getFeatures().orElseThrow().getFeature("power")).isEmpty();
        assertThat(view.getAttributes()).isPresent();
        assertThat(view.getRevision()).isEqualTo(twins.get(lamp).getRevision());
    }

    @Test
    void aGrantBelowARevokeGivesBackThatPartOnly() {
        put("home1:lamp", """
                {"entries": {"readers": {"subjects": {"role:reader": {"type": "role"}},
                  "resources": {"thing:/features": {"grant": [], "revoke": ["READ"]}}},
                  "rita": {"subjects": {"tg:rita": {"type": "person"}},
                  "resources": {"thing:/features/light/properties/on": {"grant": ["READ"], "revoke": []}}}}}""");
        ThingId lamp = ThingId.of("home1:lamp");

        Thing view = permissions.forSubjects(READER).view(twins.get(lamp)).orElseThrow();
        assertThat(view.getEntityId()).contains(lamp);
        assertThat(view.toJson().toString()).isEqualTo(
                "{\"thingId\":\"home1:lamp\",\"features\":{\"light\":{\"properties\":{\"on\":true}}}}");
        assertThat(permissions.forSubjects(List.of("tg:someone", "role:reader")).view(twins.get(lamp))).isEmpty();
    }

    @Test
    void aSitePolicyGovernsTheThingsOfItsNamespaceWithoutTheirOwn() {
        put("home2:site", """
                {"entries": {"bob": {"subjects": {"tg:bob": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}""");
        ThingAccess bob = permissions.forSubjects(List.of("tg:bob", "role:reader"));

        assertThat(bob.canWrite(ThingId.of("home2:lamp"), ROOT)).isTrue();
        assertThat(permissions.forSubjects(READER).canRead(ThingId.of("home2:lamp"), ROOT))
                .as("the site policy replaces the default for home2").isFalse();
        assertThat(permissions.forSubjects(READER).canRead(ThingId.of("home1:lamp"), ROOT))
                .as("home1 keeps the default").isTrue();
        assertThat(bob.canWrite(ThingId.of("home1:lamp"), ROOT)).isFalse();
    }

    @Test
    void anUnknownPolicyIdFallsBackToTheSiteThenTheDefault() {
        twin("home1:stray", "home1:no-such-policy");
        ThingId stray = ThingId.of("home1:stray");

        assertThat(permissions.governing(stray, Optional.of(PolicyId.of("home1:no-such-policy"))))
                .contains(PolicyStore.DEFAULT_POLICY_ID);
        assertThat(permissions.forSubjects(READER).canRead(stray, ROOT)).isTrue();
        assertThat(permissions.forSubjects(READER).canRead(ThingId.of("home1:not-a-twin"), ROOT))
                .as("a thing the store does not hold is judged by its site's or the default policy").isTrue();
    }

    @Test
    void withoutAnyGoverningPolicyNoOneButAdministratorsSeesAThing() {
        store.delete(PolicyStore.DEFAULT_POLICY_ID);
        ThingId lamp = ThingId.of("home1:lamp");

        assertThat(permissions.governing(lamp, Optional.empty())).isEmpty();
        assertThat(permissions.forSubjects(OPERATOR).canRead(lamp, ROOT)).isFalse();
        assertThat(ThingAccess.UNRESTRICTED.canWrite(lamp, ROOT)).isTrue();
    }

    @Test
    void writingUnderAnotherPolicyIsJudgedByThatPolicy() {
        put("home1:locked", """
                {"entries": {"admins": {"subjects": {"tg:ada": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}""");
        ThingAccess operator = permissions.forSubjects(OPERATOR);
        ThingId lamp = ThingId.of("home1:lamp");

        assertThat(operator.canWrite(lamp, ROOT)).isTrue();
        assertThat(operator.canWriteUnder(lamp, PolicyId.of("home1:locked"), ROOT)).isFalse();
        assertThat(operator.canWriteUnder(lamp, PolicyId.of("home1:unknown"), ROOT)).as("falls to the default").isTrue();
    }

    @Test
    void aChangedPolicyIsEnforcedAtOnce() {
        ThingId lamp = ThingId.of("home1:lamp");
        ThingAccess reader = permissions.forSubjects(READER);
        assertThat(reader.canRead(lamp, ROOT)).isTrue();

        put(PolicyStore.DEFAULT_POLICY_ID.toString(), """
                {"entries": {"operators": {"subjects": {"role:operator": {"type": "role"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}""");

        assertThat(reader.canRead(lamp, ROOT)).isFalse();
        assertThat(permissions.forSubjects(OPERATOR).canRead(lamp, ROOT)).isTrue();
    }

    private void put(String id, String json) {
        store.put(PolicyJson.read(PolicyId.of(id), json));
    }

    private void twin(String id, String policyId) {
        twins.put(ThingId.of(id), ThingsModelFactory.newThing("""
                {"thingId": "%s", "policyId": "%s", "_revision": 7, "attributes": {"name": "Lamp"},
                 "features": {"light": {"properties": {"on": true}}, "power": {"properties": {"watts": 9.5}}}}"""
                .formatted(id, policyId)));
    }
}
