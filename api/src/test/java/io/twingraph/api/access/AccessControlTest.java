package io.twingraph.api.access;

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
import java.util.Base64;
import java.util.EnumSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;

/** The gate's behaviour over real HTTP on a whole TwinGraph: who gets in, with which error, and what is recorded. */
class AccessControlTest {
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
        reader = issue("rita", "reader");
        operator = issue("otto", "operator");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void withoutATokenOnlyHealthAnswersAndTheRefusalSaysHowToAuthenticate() throws Exception {
        assertThat(send(get("/health", null)).statusCode()).isEqualTo(200);

        HttpResponse<String> r = send(get("/sparql?query=" + enc("ASK {}"), null));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"twingraph\"");
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertThat(error.get("status").asInt()).isEqualTo(401);
        assertThat(error.get("message").asText()).contains("Authorization: Bearer");

        assertThat(send(get("/sparql?query=" + enc("ASK {}"), "tg_aaaaaaaaaa_" + "A".repeat(43))).statusCode())
                .as("a well-formed but unknown token").isEqualTo(401);
    }

    @Test
    void aRoleWithoutTheRightGets403NamingTheRoleNeeded() throws Exception {
        HttpResponse<String> r = send(json("POST", "/api/nl", reader, "{\"text\":\"turn on the kitchen light\"}"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(r.body()).get("message").asText())
                .contains("needs the operator role").contains("'rita'").contains("reader");
    }

    @Test
    void meTellsTheCallerItsSubjectAndEffectiveRoles() throws Exception {
        JsonNode me = Json.MAPPER.readTree(send(get("/api/me", operator)).body());
        assertThat(me.get("subject").asText()).isEqualTo("otto");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactlyInAnyOrder("reader", "operator");
    }

    @Test
    void basicAuthWithTheTokenAsPasswordWorksForSparqlClientsThatOnlyKnowThat() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("rita:" + reader).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/sparql?query=" + enc("ASK {}")))
                .header("Authorization", "Basic " + basic).build());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenInTheQueryIsTakenOnlyForEventStreams() throws Exception {
        HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/api/me?access_token=" + reader)).build());
        assertThat(plain.statusCode()).isEqualTo(401);
        // an event stream of a plan that does not exist: past the gate, then 404
        HttpResponse<String> stream = send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/api/plans/none/events?access_token=" + reader))
                .header("Accept", "text/event-stream").build());
        assertThat(stream.statusCode()).isEqualTo(404);
    }

    @Test
    void issuedTokensWorkAtOnceAndRevokedOnesStopWithinASecond() throws Exception {
        HttpResponse<String> created = send(json("POST", "/api/tokens", admin,
                "{\"subject\":\"paula\",\"roles\":[\"planner\"],\"note\":\"energy app\"}"));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = Json.MAPPER.readTree(created.body()).get("token").asText();
        assertThat(send(get("/api/me", token)).statusCode()).isEqualTo(200);
        assertThat(send(json("POST", "/api/tokens", operator, "{\"subject\":\"x\",\"roles\":[\"admin\"]}")).statusCode())
                .as("only admins issue tokens").isEqualTo(403);
        assertThat(send(json("POST", "/api/tokens", admin, "{\"subject\":\"x\",\"roles\":[\"root\"]}")).body())
                .contains("Unknown role 'root'");

        assertThat(send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/api/tokens/paula"))
                .header("Authorization", "Bearer " + admin).DELETE().build()).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/me", token)).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/tokens", admin)).body()).doesNotContain(token.substring(token.lastIndexOf('_') + 1));
    }

    @Test
    void sparqlUpdateIsForAdminsAndOnlyOnTheStoredGraphs() throws Exception {
        String insert = "INSERT DATA { GRAPH <https://twingraph.io/graph/topology> { <urn:x:shed> rdfs:label \"Shed\" } }";
        assertThat(send(update(reader, insert)).statusCode()).isEqualTo(403);
        assertThat(send(update(admin, insert)).statusCode()).isEqualTo(204);
        assertThat(send(get("/sparql?query=" + enc("ASK { <urn:x:shed> rdfs:label \"Shed\" }"), reader)).body())
                .contains("true");

        assertThat(send(update(admin, "INSERT DATA { GRAPH <https://twingraph.io/graph/live> { <urn:a> <urn:b> 1 } }")).body())
                .contains("sparql:update.refused").contains("graph/live");
        assertThat(send(update(admin, "INSERT DATA { <urn:a> <urn:b> 1 }")).body()).contains("default graph");
        assertThat(send(update(admin, "LOAD <http://example.org/x.ttl> INTO GRAPH <urn:g>")).body()).contains("LOAD");
        assertThat(send(update(admin, "DROP ALL")).body()).contains("name one graph");
        HttpResponse<String> bad = send(update(admin, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> } }"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("line 1");
    }

    @Test
    void readersGetTheShorterRowLimit() throws Exception {
        // 100 000 rows for non-admins by default, the server's 1 000 000 for admins: 50 x 50 x 50 rows lies between
        String fifty = java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(" "));
        String many = "SELECT * WHERE { VALUES ?a { " + fifty + " } VALUES ?b { " + fifty + " } VALUES ?c { " + fifty + " } }";
        HttpResponse<String> r = send(get("/sparql?query=" + enc(many), reader));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("100000");
        assertThat(send(get("/sparql?query=" + enc(many), admin)).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAnyWork() throws Exception {
        String big = "{\"text\":\"" + "a".repeat(1_100_000) + "\"}";
        HttpResponse<String> r = send(json("POST", "/api/nl", operator, big));
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void theAuditLogRecordsChangesAndRefusalsAndOnlyAdminsReadIt() throws Exception {
        send(json("POST", "/api/nl", reader, "{\"text\":\"unlock the front door\"}"));
        send(json("PUT", "/api/goals/audit-test", operator, "{}"));

        JsonNode entries = Json.MAPPER.readTree(send(get("/api/audit?limit=1000", admin)).body()).get("entries");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("subject").asText()).isEqualTo("rita");
            assertThat(e.get("path").asText()).isEqualTo("/api/nl");
            assertThat(e.get("status").asInt()).isEqualTo(403);
            assertThat(e.get("address").asText()).isNotBlank();
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("subject").asText()).isEqualTo("otto");
            assertThat(e.get("method").asText()).isEqualTo("PUT");
            assertThat(e.get("path").asText()).isEqualTo("/api/goals/audit-test");
        });
        JsonNode onlyRita = Json.MAPPER.readTree(send(get("/api/audit?subject=rita", admin)).body()).get("entries");
        assertThat(onlyRita).isNotEmpty().allSatisfy(e -> assertThat(e.get("subject").asText()).isEqualTo("rita"));

        assertThat(send(get("/api/audit", operator)).statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/api/audit")).header("Authorization", "Bearer " + admin)
                .DELETE().build()).statusCode()).as("there is no route that changes the log").isIn(404, 405);
    }

    @Test
    void overTheRateLimitA429SaysWhenToRetry() throws Exception {
        Path data = dir.resolve("limited");
        try (TwinGraphApp limited = TwinGraphApp.start(AppConfig.defaults(data).withPorts(0, 0)
                .withAccess(AccessSettings.DEFAULTS.withRateLimit(3)), Clock.systemUTC())) {
            int tooMany = 0;
            String retryAfter = null;
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(limited.httpUrl() + "/api/me"))
                        .header("Authorization", "Bearer " + limited.adminToken()).build());
                if (r.statusCode() == 429) {
                    tooMany++;
                    retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                    assertThat(Json.MAPPER.readTree(r.body()).get("message").asText()).contains("at most 3 per second");
                }
            }
            assertThat(tooMany).isGreaterThanOrEqualTo(5);
            assertThat(retryAfter).isEqualTo("1");
        }
    }

    @Test
    void anonymousReadsWhenEnabledNeverAnonymousWrites() throws Exception {
        Path data = dir.resolve("open");
        try (TwinGraphApp open = TwinGraphApp.start(AppConfig.defaults(data).withPorts(0, 0)
                .withAccess(AccessSettings.DEFAULTS.withAnonymousRead(true)), Clock.systemUTC())) {
            assertThat(send(HttpRequest.newBuilder(URI.create(open.httpUrl() + "/sparql?query=" + enc("ASK {}"))).build())
                    .statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(open.httpUrl() + "/api/nl"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"turn on the light\"}")).build()).statusCode())
                    .isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(URI.create(open.httpUrl() + "/sparql"))
                    .header("Content-Type", "application/sparql-update")
                    .POST(HttpRequest.BodyPublishers.ofString("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }")).build())
                    .statusCode()).as("a POST is never anonymous").isEqualTo(401);
        }
    }

    private static String issue(String subject, String role) {
        return TokenStore.open(dir.resolve("data")).create(subject, EnumSet.of(Role.of(role)), null, Instant.now()).token();
    }

    private static HttpRequest get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.httpUrl() + path));
        return (token == null ? b : b.header("Authorization", "Bearer " + token)).build();
    }

    private static HttpRequest json(String method, String path, String token, String body) {
        return HttpRequest.newBuilder(URI.create(app.httpUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest update(String token, String text) {
        return HttpRequest.newBuilder(URI.create(app.httpUrl() + "/sparql")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/sparql-update").POST(HttpRequest.BodyPublishers.ofString(text)).build();
    }

    private static HttpResponse<String> send(HttpRequest r) throws Exception {
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
