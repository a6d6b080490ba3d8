package io.twingraph.api.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.access.Role;
import io.twingraph.api.access.TokenStore;
import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;

/**
 * Ditto policies enforced over HTTP on a whole TwinGraph, for a reader (rita), an operator (otto) and the admin:
 * <ul>
 * <li>{@code home2:site} lets only bob near home2, so rita and otto know nothing of {@code home2:porch-lamp};</li>
 * <li>{@code home1:hall-lamp}'s own policy lets readers read all but its {@code secret} feature and operators write
 * only its {@code light} feature;</li>
 * <li>{@code home1:desk-lamp}'s own policy lets readers (operators too) only read it.</li>
 * </ul>
 */
class PolicyEnforcementTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static TwinGraphApp app;
    static String admin;
    static String reader;
    static String operator;

    @BeforeAll
    static void start() throws Exception {
        app = TwinGraphApp.start(AppConfig.defaults(dir.resolve("data")).withPorts(0, 0), Clock.systemUTC());
        admin = app.adminToken();
        TokenStore tokens = TokenStore.open(dir.resolve("data"));
        reader = tokens.create("rita", EnumSet.of(Role.READER), null, Instant.now()).token();
        operator = tokens.create("otto", EnumSet.of(Role.OPERATOR), null, Instant.now()).token();

        ok(send("PUT", "/api/2/things/home1:hall-lamp", admin, lamp("Hall lamp")));
        ok(send("PUT", "/api/2/things/home1:desk-lamp", admin, lamp("Desk lamp")));
        ok(send("PUT", "/api/2/things/home2:porch-lamp", admin, lamp("Porch lamp")));
        ok(send("PUT", "/api/2/policies/home2:site", admin, """
                {"entries": {"bob": {"subjects": {"tg:bob": {"type": "person"}},
                  "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}"""));
        ok(send("PUT", "/api/2/policies/home1:hall-lamp", admin, """
                {"entries": {
                  "readers": {"subjects": {"role:reader": {"type": "every token"}},
                              "resources": {"thing:/": {"grant": ["READ"], "revoke": []},
                                            "thing:/features/secret": {"grant": [], "revoke": ["READ"]}}},
                  "operators": {"subjects": {"role:operator": {"type": "operators"}},
                                "resources": {"thing:/features/light": {"grant": ["WRITE"], "revoke": []}}}}}"""));
        ok(send("PUT", "/api/2/policies/home1:desk-lamp", admin, """
                {"entries": {"readers": {"subjects": {"role:reader": {"type": "every token"}},
                  "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}}}}"""));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aThingTheCallerMayNotReadIs404ExactlyLikeAMissingOne() throws Exception {
        HttpResponse<String> hidden = send("GET", "/api/2/things/home2:porch-lamp", reader, null);
        HttpResponse<String> missing = send("GET", "/api/2/things/home2:no-such-lamp", reader, null);

        assertThat(hidden.statusCode()).isEqualTo(404).isEqualTo(missing.statusCode());
        assertThat(error(hidden)).isEqualTo("things:thing.notfound").isEqualTo(error(missing));
        assertThat(hidden.body()).isEqualTo(missing.body().replace("no-such-lamp", "porch-lamp"));
        assertThat(send("GET", "/api/2/things/home2:porch-lamp/features/light/properties/on", operator, null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/api/2/things/home2:porch-lamp", admin, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedFeatureIsLeftOutOfTheThingAsDittosViewLeavesItOut() throws Exception {
        JsonNode lamp = body(send("GET", "/api/2/things/home1:hall-lamp", reader, null));

        assertThat(lamp.get("thingId").asText()).isEqualTo("home1:hall-lamp");
        assertThat(lamp.get("features").has("light")).isTrue();
        assertThat(lamp.get("features").has("secret")).isFalse();
        assertThat(lamp.get("attributes").get("name").asText()).isEqualTo("Hall lamp");
        assertThat(send("GET", "/api/2/things/home1:hall-lamp/features/secret", reader, null).statusCode()).isEqualTo(404);
        assertThat(body(send("GET", "/api/2/things/home1:hall-lamp", admin, null)).get("features").has("secret")).isTrue();
    }

    @Test
    void listsSearchesAndCountsHoldOnlyReadableThingsAndParts() throws Exception {
        String twoHomes = "namespaces=home1,home2";
        assertThat(body(send("GET", "/api/2/things?" + twoHomes, reader, null))).extracting(t -> t.get("thingId").asText())
                .containsExactlyInAnyOrder("home1:hall-lamp", "home1:desk-lamp");
        assertThat(body(send("GET", "/api/2/things?ids=home1:hall-lamp,home2:porch-lamp", reader, null)))
                .extracting(t -> t.get("thingId").asText()).containsExactly("home1:hall-lamp");
        assertThat(body(send("GET", "/api/2/search/things?" + twoHomes + "&filter=" + enc("eq(attributes/kind,\"light\")"),
                reader, null)).get("items")).hasSize(2);
        assertThat(send("GET", "/api/2/search/things/count?" + twoHomes, reader, null).body()).isEqualTo("2");
        assertThat(send("GET", "/api/2/search/things/count?" + twoHomes, admin, null).body()).isEqualTo("3");
        String secret = "&filter=" + enc("exists(features/secret)");
        assertThat(send("GET", "/api/2/search/things/count?" + twoHomes + secret, reader, null).body())
                .as("a search cannot probe what the caller may not read: only the desk lamp's secret is readable")
                .isEqualTo("1");
        assertThat(send("GET", "/api/2/search/things/count?" + twoHomes + secret, admin, null).body()).isEqualTo("3");
    }

    @Test
    void writesNeedWriteOnWhatTheyChange() throws Exception {
        assertThat(send("PUT", "/api/2/things/home1:hall-lamp/features/light/properties/brightness", operator, "40")
                .statusCode()).isEqualTo(204);

        HttpResponse<String> name = send("PUT", "/api/2/things/home1:hall-lamp/attributes/name", operator, "\"Mine\"");
        assertThat(name.statusCode()).isEqualTo(403);
        assertThat(error(name)).isEqualTo("things:attribute.notmodifiable");
        HttpResponse<String> merge = send("PATCH", "/api/2/things/home1:hall-lamp", operator,
                "{\"features\":{\"light\":{\"properties\":{\"on\":true}}},\"attributes\":{\"name\":\"Mine\"}}");
        assertThat(merge.statusCode()).isEqualTo(403);
        assertThat(error(merge)).isEqualTo("things:thing.notmodifiable");
        HttpResponse<String> desk = send("PUT", "/api/2/things/home1:desk-lamp/features/light/properties/on", operator, "true");
        assertThat(desk.statusCode()).isEqualTo(403);
        assertThat(error(desk)).isEqualTo("things:feature.property.notmodifiable");
        assertThat(send("DELETE", "/api/2/things/home2:porch-lamp", operator, null).statusCode())
                .as("what it may not read does not exist for it").isEqualTo(404);
        assertThat(HTTP.send(request("DELETE", "/api/2/things/home2:porch-lamp", operator, null)
                .header("If-Match", "\"rev:999\"").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("not even a precondition tells it the thing exists").isEqualTo(404);
        assertThat(send("PUT", "/api/2/things/home1:desk-lamp/features/light/properties/on?channel=live", operator, "true")
                .statusCode()).isEqualTo(403);
        assertThat(body(send("GET", "/api/2/things/home1:desk-lamp", admin, null)).at("/features/light/properties/on").asBoolean())
                .isFalse();
    }

    @Test
    void creatingOrMovingAThingNeedsWriteUnderThePolicyThatWillGovernIt() throws Exception {
        HttpResponse<String> create = send("POST", "/api/2/things?namespace=home2", operator, lamp("Shed lamp"));
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(error(create)).isEqualTo("things:thing.notcreatable");
        assertThat(send("POST", "/api/2/things?namespace=home4", operator, lamp("Attic lamp")).statusCode())
                .as("home4 has no site policy: the default one lets operators write").isEqualTo(201);
        HttpResponse<String> move = send("PUT", "/api/2/things/home1:hall-lamp/policyId", admin, "\"home2:site\"");
        assertThat(move.statusCode()).as("admins bypass policies").isEqualTo(204);
        assertThat(send("GET", "/api/2/things/home1:hall-lamp", reader, null).statusCode())
                .as("now governed by home2's site policy").isEqualTo(404);
        ok(send("PUT", "/api/2/things/home1:hall-lamp/policyId", admin, "\"home1:hall-lamp\""));
    }

    @Test
    void sparqlAnswersEachCallerFromWhatItMayRead() throws Exception {
        String things = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a tg:Thing }";
        assertThat(count(things, reader)).isEqualTo(count(things, admin) - 1);
        assertThat(ask("ASK { <https://twingraph.io/thing/home2:porch-lamp> ?p ?o }", reader)).isFalse();
        assertThat(ask("ASK { <https://twingraph.io/thing/home2:porch-lamp> ?p ?o }", admin)).isTrue();
        assertThat(ask("ASK { <https://twingraph.io/thing/home1:hall-lamp/features/secret> ?p ?o }", reader)).isFalse();
        String all = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
        assertThat(count(all, reader)).isLessThan(count(all, admin));
    }

    @Test
    void naturalLanguageRefusesCommandsWithoutWriteAndKnowsNothingUnreadable() throws Exception {
        JsonNode desk = body(send("POST", "/api/nl", operator, "{\"text\": \"turn on the desk lamp\"}"));
        assertThat(desk.get("status").asText()).isEqualTo("FORBIDDEN");
        assertThat(desk.get("answer").asText()).contains("may not turn on Desk lamp").contains("Nothing was sent");
        assertThat(desk.get("actions").get(0).get("outcome").asText()).isEqualTo("forbidden");

        JsonNode porch = body(send("POST", "/api/nl", operator, "{\"text\": \"turn on the porch lamp\", \"dryRun\": true}"));
        assertThat(porch.toString()).doesNotContain("porch-lamp").doesNotContain("Porch lamp");
        String offLights = "{\"text\": \"which lights are off?\"}";
        assertThat(body(send("POST", "/api/nl", operator, offLights)).get("answer").asText())
                .contains("Desk lamp").doesNotContain("Porch lamp");
        assertThat(body(send("POST", "/api/nl", admin, offLights)).get("answer").asText()).contains("Porch lamp");

        JsonNode asAdmin = body(send("POST", "/api/nl", admin, "{\"text\": \"turn on the desk lamp\", \"dryRun\": true}"));
        assertThat(asAdmin.get("status").asText()).isEqualTo("PLANNED");
    }

    @Test
    void policiesAreDittoJsonInAndOutForAdminsOnly() throws Exception {
        String policy = """
                {"entries": {"guests": {"subjects": {"tg:gus": {"type": "guest"}},
                  "resources": {"thing:/features/light": {"grant": ["READ"], "revoke": []}}}}}""";
        HttpResponse<String> created = send("PUT", "/api/2/policies/home3:site", admin, policy);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/2/policies/home3:site");
        assertThat(body(created).get("policyId").asText()).isEqualTo("home3:site");
        assertThat(send("PUT", "/api/2/policies/home3:site", admin, policy).statusCode()).isEqualTo(204);
        HttpResponse<String> read = send("GET", "/api/2/policies/home3:site", admin, null);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"rev:2\"");
        assertThat(body(read).at("/entries/guests/resources/thing:~1features~1light/grant/0").asText()).isEqualTo("READ");
        assertThat(body(send("GET", "/api/2/policies", admin, null))).extracting(p -> p.get("policyId").asText())
                .contains("twingraph:default", "home2:site", "home3:site");
        assertThat(send("GET", "/api/2/policies", operator, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/2/policies/home3:site", admin, null).statusCode()).isEqualTo(204);
        assertThat(error(send("GET", "/api/2/policies/home3:site", admin, null))).isEqualTo("policies:policy.notfound");
    }

    @Test
    void invalidPoliciesAre400WithAnErrorNamingTheProblem() throws Exception {
        HttpResponse<String> syntax = send("PUT", "/api/2/policies/home1:bad", admin, "{\"entries\": ");
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(error(syntax)).isEqualTo("json.invalid");

        HttpResponse<String> permission = send("PUT", "/api/2/policies/home1:bad", admin, """
                {"entries": {"x": {"subjects": {"tg:a": {"type": "t"}},
                  "resources": {"thing:/": {"grant": ["READ", "DELETE"], "revoke": []}}}}}""");
        assertThat(permission.statusCode()).isEqualTo(400);
        assertThat(error(permission)).isEqualTo("policies:entry.invalid");
        assertThat(body(permission).get("message").asText()).contains("'x'").contains("DELETE");

        HttpResponse<String> subject = send("PUT", "/api/2/policies/home1:bad", admin, """
                {"entries": {"x": {"subjects": {"alice": {"type": "t"}}, "resources": {}}}}""");
        assertThat(error(subject)).isEqualTo("policies:subjectid.invalid");
        assertThat(error(send("PUT", "/api/2/policies/home1:bad", admin, "{\"policyId\": \"home1:other\", \"entries\": {}}")))
                .isEqualTo("policies:id.notsettable");
        assertThat(error(send("PUT", "/api/2/policies/not-namespaced", admin, "{\"entries\": {}}")))
                .isEqualTo("policies:id.invalid");
        HttpResponse<String> deleteDefault = send("DELETE", "/api/2/policies/twingraph:default", admin, null);
        assertThat(deleteDefault.statusCode()).isEqualTo(409);
        assertThat(error(deleteDefault)).isEqualTo("policies:policy.notdeletable");
        assertThat(send("GET", "/api/2/policies/home1:bad", admin, null).statusCode()).as("nothing was stored").isEqualTo(404);
    }

    // ---- helpers

    private static String lamp(String name) {
        return """
                {"attributes": {"name": "%s", "kind": "light", "class": "Luminaire"},
                 "features": {"light": {"properties": {"on": false, "brightness": 0}},
                              "secret": {"properties": {"code": 1234}}}}""".formatted(name);
    }

    private static long count(String query, String token) throws Exception {
        return body(send("GET", "/sparql?query=" + enc(query), token, null)).at("/results/bindings/0/n/value").asLong();
    }

    private static boolean ask(String query, String token) throws Exception {
        return body(send("GET", "/sparql?query=" + enc(query), token, null)).get("boolean").asBoolean();
    }

    private static void ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return body(response).get("error").asText();
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return HTTP.send(request(method, path, token, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.httpUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }
}
