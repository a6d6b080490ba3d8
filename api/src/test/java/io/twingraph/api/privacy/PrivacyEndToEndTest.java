package io.twingraph.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.access.Role;
import io.twingraph.api.access.TokenStore;
import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.cli.Main;
import io.twingraph.api.http.Json;

/**
 * A person's data end to end, over HTTP against the whole app with the simulated home: Alice's presence tracker, the
 * policies naming her, a twin change she makes, a question, a command and a goal in words, a goal through the API and
 * the decisions pursuing it are all in her export; after the erasure none of it is found by the API or by SPARQL, her token is refused, the
 * audit log knows her by a pseudonym, no file in the data directory holds her name, and a restart on the same
 * directory (journal replay included) brings nothing back.
 */
class PrivacyEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PHONE = "home1:presence-alice";

    @TempDir
    Path dir;

    private TwinGraphApp app;
    private String admin;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void start(Path data) {
        // noon on midsummer's day: the household leaves the lights alone
        Clock noon = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2025-06-21T11:00:00Z")));
        app = TwinGraphApp.start(AppConfig.defaults(data).withPorts(0, 0)
                .withSimulation(new AppConfig.Simulation(1, 0, 1.0, 7)), noon);
        admin = app.adminToken();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.httpUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String token, String body) throws Exception {
        HttpResponse<String> r = call(method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 204);
        return r.body().isBlank() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
    }

    private JsonNode say(String text, String token) throws Exception {
        return ok("POST", "/api/nl", token, Json.MAPPER.createObjectNode().put("text", text).toString());
    }

    private JsonNode sparql(String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.httpUrl() + "/sparql?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))).header("Accept", "application/sparql-results+json")
                .header("Authorization", "Bearer " + admin).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).path("results").path("bindings");
    }

    /** Everything in the graphs whose subject or object names Alice in any way. */
    private JsonNode anythingAboutAlice() throws Exception {
        return sparql("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                + "FILTER(CONTAINS(LCASE(STR(?s)), \"alice\") || CONTAINS(LCASE(STR(?o)), \"alice\")) }");
    }

    private int run(StringWriter out, String... args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void everythingAboutAPersonIsExportedThenErasedForGoodEvenAcrossARestart() throws Exception {
        Path data = dir.resolve("data");
        start(data);
        TokenStore tokens = TokenStore.open(data);
        String alice = tokens.create("alice", EnumSet.of(Role.OPERATOR), "Alice's phone app", Instant.now()).token();
        String bob = tokens.create("bob", EnumSet.of(Role.OPERATOR), null, Instant.now()).token();

        // policies naming her: her tracker's own, and the household's entry she shares with bob
        String readWrite = "\"resources\":{\"thing:/\":{\"grant\":[\"READ\",\"WRITE\"],\"revoke\":[]}}";
        ok("PUT", "/api/2/policies/" + PHONE, admin, "{\"entries\":{\"owner\":{\"subjects\":{\"tg:alice\":"
                + "{\"type\":\"person\"}}," + readWrite + "}}}");
        ok("PUT", "/api/2/policies/home1:site", admin, "{\"entries\":{\"household\":{\"subjects\":{\"tg:alice\":"
                + "{\"type\":\"person\"},\"tg:bob\":{\"type\":\"person\"}}," + readWrite + "},"
                + "\"readers\":{\"subjects\":{\"role:reader\":{\"type\":\"tokens\"}},"
                + "\"resources\":{\"thing:/\":{\"grant\":[\"READ\"],\"revoke\":[]}}}}}");
        // her presence tracker, set up by the admin; then a change she makes to it herself
        ok("PUT", "/api/2/things/" + PHONE, admin, "{\"policyId\":\"" + PHONE + "\",\"attributes\":{\"name\":"
                + "\"Alice's phone\",\"person\":\"alice\",\"class\":\"Occupancy_Sensor\"},"
                + "\"features\":{\"presence\":{\"properties\":{\"home\":true}}}}");
        ok("PUT", "/api/2/things/" + PHONE + "/features/presence/properties/home", alice, "false");
        // a command and a question in words, a goal in words, and a goal through the API
        assertThat(say("turn on the kitchen light", alice).path("status").asText()).isEqualTo("DONE");
        assertThat(say("is the kitchen light on?", alice).path("status").asText()).isEqualTo("ANSWERED");
        JsonNode spoken = say("keep the office at 22 while I'm there", alice);
        assertThat(spoken.path("status").asText()).isEqualTo("GOAL_SET");
        String office = spoken.path("goal").path("room").asText();
        ok("PUT", "/api/goals/alice-warm", alice, "{\"room\":\"" + office + "\",\"quantity\":\"temperature\",\"target\":24.5}");
        // the rules pursue her goal: a decision that matched it, naming who set it
        await().atMost(Duration.ofSeconds(30)).until(() -> ok("GET", "/api/decisions", admin, null).toString()
                .contains("set by tg:alice"));

        // her export holds each of them
        JsonNode export = ok("GET", "/api/privacy/alice", admin, null);
        assertThat(export.path("subject").asText()).isEqualTo("alice");
        assertThat(export.path("tokens")).hasSize(1);
        assertThat(export.path("tokens").toString()).doesNotContain("sha256");
        assertThat(export.path("things").findValuesAsText("thingId")).containsExactly(PHONE);
        assertThat(top(export.path("policies"), "policyId")).containsExactlyInAnyOrder(PHONE, "home1:site");
        assertThat(top(export.path("policies"), "label")).containsExactlyInAnyOrder("", "household");
        assertThat(export.path("requests").findValuesAsText("path")).contains("/api/2/things/" + PHONE
                + "/features/presence/properties/home", "/api/nl", "/api/goals/alice-warm");
        assertThat(export.path("transcripts").findValuesAsText("text")).containsExactly("turn on the kitchen light",
                "is the kitchen light on?", "keep the office at 22 while I'm there");
        assertThat(export.path("transcripts").get(0).path("actions").findValuesAsText("thing")).contains("home1:kitchen-light");
        assertThat(export.path("goals").findValuesAsText("id")).containsExactlyInAnyOrder("alice-warm",
                spoken.path("goal").path("id").asText());
        assertThat(export.path("decisions").toString()).contains("set by tg:alice");
        // she may see her own, with her own token; bob may not see hers, nor erase it
        assertThat(ok("GET", "/api/me/privacy", alice, null).path("things").findValuesAsText("thingId")).containsExactly(PHONE);
        assertThat(call("GET", "/api/privacy/alice", bob, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/api/privacy/alice", bob, null).statusCode()).isEqualTo(403);
        assertThat(call("DELETE", "/api/privacy/alice", alice, null).statusCode()).isEqualTo(403);
        // unknown and invalid subjects
        HttpResponse<String> nobody = call("GET", "/api/privacy/nobody", admin, null);
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(nobody.body()).contains("privacy:subject.notfound");
        assertThat(call("DELETE", "/api/privacy/nobody", admin, null).statusCode()).isEqualTo(404);
        HttpResponse<String> invalid = call("GET", "/api/privacy/-dash%20space", admin, null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("privacy:subject.invalid");
        assertThat(call("DELETE", "/api/privacy/anonymous", admin, null).statusCode()).isEqualTo(400);
        // the command line, through the running server with the local admin token
        StringWriter cli = new StringWriter();
        assertThat(run(cli, "privacy", "export", "alice", "--data", data.toString())).as(cli.toString()).isZero();
        assertThat(cli.toString()).contains(PHONE).contains("keep the office at 22");
        StringWriter refused = new StringWriter();
        assertThat(run(refused, "privacy", "erase", "alice", "--data", data.toString())).isEqualTo(2);
        assertThat(refused.toString()).contains("--yes");
        StringWriter unknown = new StringWriter();
        assertThat(run(unknown, "privacy", "erase", "nobody", "--yes", "--data", data.toString())).isEqualTo(2);
        assertThat(unknown.toString()).contains("Nothing is held about 'nobody'").contains("privacy:subject.notfound");
        assertThat(ok("GET", "/api/2/things/" + PHONE, admin, null).path("thingId").asText()).isEqualTo(PHONE);

        // before: her name is in the files of each store (what the scan below must then not find)
        assertThat(filesNaming(data, "alice")).extracting(p -> p.getName(0).toString())
                .contains("journal", "twins.mv", "graph", "privacy", "access", "audit", "policies");

        // erase
        JsonNode erased = ok("DELETE", "/api/privacy/alice", admin, null);
        String pseudonym = erased.path("pseudonym").asText();
        assertThat(pseudonym).startsWith("erased-").doesNotContain("alice");
        assertThat(erased.path("tokens").asInt()).isEqualTo(1);
        assertThat(erased.path("policies").asInt()).isEqualTo(2);
        assertThat(erased.path("things").get(0).asText()).isEqualTo(PHONE);
        assertThat(erased.path("transcripts").asInt()).isEqualTo(3);
        assertThat(erased.path("goals").asInt()).isEqualTo(2);
        assertThat(erased.path("decisions").asInt()).isPositive();
        assertThat(erased.path("journalEntries").asLong()).isGreaterThanOrEqualTo(3); // create, her change, the delete
        assertThat(erased.path("auditEntries").asInt()).isPositive();
        assertThat(erased.path("compacted").asBoolean()).isTrue();
        assertThat(erased.path("notes")).isEmpty();

        assertNothingAboutAlice(alice);
        // the audit log: her requests under the pseudonym, the erasure too, her name nowhere
        JsonNode audit = ok("GET", "/api/audit?limit=10000", admin, null).path("entries");
        assertThat(audit.toString().toLowerCase(Locale.ROOT)).doesNotContain("alice");
        assertThat(audit.findValuesAsText("subject")).contains(pseudonym);
        assertThat(audit.findValuesAsText("path")).contains("/api/privacy/" + pseudonym);
        assertThat(audit.findValuesAsText("detail")).anySatisfy(d -> assertThat(d).startsWith("erased " + pseudonym + ":"));

        // nothing on disk names her: not the journal, twin store, graph, transcripts, tokens or audit log
        app.close();
        app = null;
        assertThat(filesNaming(data, "alice")).isEmpty();

        // and a restart on the same data directory (journal replayed) brings nothing back
        start(data);
        assertNothingAboutAlice(alice);
        // (asked only now: an admin's request naming her is audited under her name, as any new request would be)
        assertThat(call("GET", "/api/privacy/alice", admin, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/2/policies/" + PHONE, admin, null).statusCode()).isEqualTo(404);
    }

    private void assertNothingAboutAlice(String aliceToken) throws Exception {
        assertThat(ok("GET", "/api/2/policies", admin, null).toString()).doesNotContain("alice").contains("home1:site")
                .contains("tg:bob");
        assertThat(call("GET", "/api/2/things/" + PHONE, admin, null).statusCode()).isEqualTo(404);
        assertThat(ok("GET", "/api/2/search/things?filter=" + URLEncoder.encode("eq(attributes/person,\"alice\")",
                StandardCharsets.UTF_8), admin, null).path("items")).isEmpty();
        assertThat(anythingAboutAlice()).isEmpty();
        assertThat(sparql("SELECT ?d WHERE { ?d tg:matchedFact ?f FILTER(CONTAINS(?f, \"tg:alice\")) }")).isEmpty();
        assertThat(ok("GET", "/api/goals", admin, null).toString()).doesNotContain("alice-warm").doesNotContain("tg:alice");
        assertThat(ok("GET", "/api/decisions", admin, null).toString()).doesNotContain("tg:alice");
        assertThat(call("GET", "/api/me", aliceToken, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/me/privacy", aliceToken, null).statusCode()).isEqualTo(401);
    }

    /** A field of each element of an array (not of what is nested in them), "" where missing. */
    private static List<String> top(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(e.path(field).asText("")));
        return values;
    }

    /** Files under {@code root} whose name or bytes contain the text (case-insensitive, as ASCII). */
    private static List<Path> filesNaming(Path root, String text) throws IOException {
        List<Path> found = new ArrayList<>();
        byte[] needle = text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (root.relativize(f).toString().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
                    found.add(root.relativize(f));
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    int j = 0;
                    while (j < needle.length && Character.toLowerCase((char) bytes[i + j]) == needle[j]) {
                        j++;
                    }
                    if (j == needle.length) {
                        found.add(root.relativize(f));
                        break;
                    }
                }
            }
        }
        return found;
    }
}
