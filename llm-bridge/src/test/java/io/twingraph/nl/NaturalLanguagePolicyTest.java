package io.twingraph.nl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.query.QueryGuard;
import io.twingraph.nl.NlReply.Status;
import io.twingraph.nl.answer.QuestionAnswerer;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.policy.PolicyJson;
import io.twingraph.twins.policy.PolicyStore;
import io.twingraph.twins.policy.ThingAccess;
import io.twingraph.twins.policy.ThingPermissions;

/**
 * Speakers under Ditto policies: the guest may read the home and switch its lights, but may not see the front door
 * lock and may only read the bedroom light; Kim may do everything.
 */
class NaturalLanguagePolicyTest {
    @TempDir
    Path data;
    private LanguageHome home;
    private CommandGateway gateway;
    private NaturalLanguage language;
    private ThingAccess guest;
    private ThingAccess kim;

    @BeforeEach
    void start() {
        home = new LanguageHome();
        PolicyStore policies = PolicyStore.open(data, Clock.systemUTC());
        policies.put(PolicyJson.read(PolicyId.of("t1:site"), """
                {"entries": {
                  "guest": {"subjects": {"tg:guest": {"type": "person"}},
                            "resources": {"thing:/": {"grant": ["READ"], "revoke": []},
                                          "thing:/features/light": {"grant": ["WRITE"], "revoke": []}}},
                  "kim": {"subjects": {"tg:kim": {"type": "person"}},
                          "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}"""));
        policies.put(PolicyJson.read(PolicyId.of("t1:lock"), """
                {"entries": {"kim": {"subjects": {"tg:kim": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}"""));
        policies.put(PolicyJson.read(PolicyId.of("t1:bedroom"), """
                {"entries": {"guest": {"subjects": {"tg:guest": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}},
                  "kim": {"subjects": {"tg:kim": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}"""));
        governBy("t1:front-door-lock", "t1:lock");
        governBy("t1:bedroom-light", "t1:bedroom");
        ThingPermissions permissions = new ThingPermissions(policies, home.engine.twins()::get);
        guest = permissions.forSubjects(List.of("tg:guest", "role:reader", "role:operator"));
        kim = permissions.forSubjects(List.of("tg:kim", "role:reader", "role:operator"));
        gateway = new CommandGateway(home.engine, home.sender());
        QueryGuard guard = QueryGuard.builder().limit(1000).build();
        language = new NaturalLanguage(home.homes, new QuestionAnswerer(q -> guard.run(home.sparql, q)), gateway,
                null, null, new NaturalLanguage.Settings(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        gateway.close();
        home.close();
    }

    @Test
    void aCommandToADeviceTheSpeakerMayOnlyReadIsRefusedAndNotSent() {
        NlReply reply = say("turn off the bedroom light", guest);

        assertThat(reply.status()).isEqualTo(Status.FORBIDDEN);
        assertThat(reply.answer()).startsWith("You may not turn off Bedroom light").contains("Nothing was sent");
        assertThat(reply.actions()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo("forbidden"));
        assertThat(home.sent).isEmpty();
    }

    @Test
    void theAllowedDevicesOfACommandAreSentAndTheOthersNamed() {
        NlReply reply = say("turn off all the lights", guest);

        assertThat(home.sent).extracting(c -> c.thingId().toString()).contains("t1:living-lamp")
                .doesNotContain("t1:bedroom-light");
        assertThat(reply.actions()).anySatisfy(a -> {
            assertThat(a.thing()).isEqualTo("t1:bedroom-light");
            assertThat(a.outcome()).isEqualTo("forbidden");
        });
        assertThat(reply.answer()).contains("Not allowed for you, so not sent: Bedroom light.");
    }

    @Test
    void aDeviceTheSpeakerMayNotReadDoesNotExistForThem() {
        NlReply command = say("lock the front door lock", guest);
        NlReply question = say("is the front door lock locked?", guest);

        assertThat(command.status()).isIn(Status.NO_MATCH, Status.NOT_UNDERSTOOD, Status.CLARIFY);
        assertThat(command.answer()).doesNotContain("Front door lock");
        assertThat(question.answer()).doesNotContain("Front door lock");
        assertThat(home.sent).isEmpty();
        assertThat(say("how many lights are on?", guest).answer()).isEqualTo("2 of 3 lights are on: Bedroom light and Floor lamp.");
    }

    @Test
    void aSpeakerWithWriteAccessIsObeyed() {
        assertThat(say("lock the front door lock", kim).status()).isEqualTo(Status.DONE);
        assertThat(say("turn off the bedroom light", kim).status()).isEqualTo(Status.DONE);
        assertThat(language.handle(NlRequest.of("turn on the bedroom light")).status())
                .as("in-process callers are unrestricted").isEqualTo(Status.DONE);
    }

    private NlReply say(String text, ThingAccess access) {
        return language.handle(NlRequest.of(text).withAccess(access));
    }

    private void governBy(String thingId, String policyId) {
        home.engine.submit(new TwinCommand.Modify(ThingId.of(thingId), JsonPointer.of("/policyId"),
                JsonValue.of(policyId), TwinCommand.Origin.API, "policy-" + thingId)).join();
    }
}
