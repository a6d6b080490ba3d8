package io.twingraph.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.http.Json;
import io.twingraph.api.plans.PlanJobs;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.EnergyPlanner;

/** The dashboard's page, files and JSON over a real socket (no browser: {@code DashboardBrowserIT} has one). */
class DashboardRoutesTest {
    private static final Instant NOW = Instant.parse("2025-06-02T10:07:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    /** Bare module names in the page's own modules: static imports and dynamic import(). */
    private static final Pattern BARE_IMPORT = Pattern.compile("(?:\\bfrom\\s+|\\bimport\\s*\\(\\s*)'([^.'/][^']*)'");

    private static TwinGraphEngine engine;
    private static PlanJobs plans;
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() {
        engine = TwinGraphEngine.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
        plans = new PlanJobs(engine, new EnergyPlanner());
        // HttpServer adds the static files (Dashboard.configure) to every server
        server = HttpServer.start("127.0.0.1", 0, List.of(new Dashboard(plans, engine.clock())));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        plans.close();
        engine.close();
    }

    @Test
    void thePageCarriesAnImportMapWhoseEveryModuleIsServed() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        Matcher m = IMPORT_MAP.matcher(page.body());
        assertThat(m.find()).isTrue();
        JsonNode imports = Json.MAPPER.readTree(m.group(1)).path("imports");
        assertThat(imports.size()).isEqualTo(ImportMap.MODULES.size());
        for (Map.Entry<String, JsonNode> e : imports.properties()) {
            String url = e.getValue().asText();
            String file = e.getKey().endsWith("/") ? url + "sparql.js" : url; // the one folder mapped: legacy modes
            HttpResponse<String> module = get(file);
            assertThat(module.statusCode()).as(e.getKey() + " -> " + file).isEqualTo(200);
            assertThat(module.headers().firstValue("Content-Type").orElse("")).as(file).contains("javascript");
            assertThat(module.headers().firstValue("Cache-Control").orElse("")).as(file).contains("immutable");
        }
    }

    @Test
    void thePolicyAllowsTheImportMapByItsHashAndNoOtherInlineScript() throws Exception {
        HttpResponse<String> page = get("/");
        Matcher m = IMPORT_MAP.matcher(page.body());
        assertThat(m.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(m.group(1).getBytes(StandardCharsets.UTF_8)));
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        String scripts = Stream.of(policy.split(";")).map(String::strip).filter(d -> d.startsWith("script-src"))
                .findFirst().orElseThrow();
        assertThat(scripts).isEqualTo("script-src 'self' 'sha256-" + hash + "'");
        assertThat(policy).contains("connect-src 'self'").contains("object-src 'none'");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void everyLibraryThePageImportsIsInTheImportMap() throws IOException {
        Path js = Path.of("src/main/resources/web/js");
        TreeSet<String> bare = new TreeSet<>();
        try (Stream<Path> files = Files.list(js)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = BARE_IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    bare.add(m.group(1));
                }
            }
        }
        assertThat(bare).isNotEmpty();
        List<String> unmapped = new ArrayList<>();
        for (String name : bare) {
            boolean mapped = ImportMap.MODULES.containsKey(name) || ImportMap.MODULES.keySet().stream()
                    .anyMatch(k -> k.endsWith("/") && name.startsWith(k));
            if (!mapped) {
                unmapped.add(name);
            }
        }
        assertThat(unmapped).as("imported by web/js but missing from the import map").isEmpty();
    }

    @Test
    void thePagesOwnFilesAreServedButNotTheRawTemplate() throws Exception {
        HttpResponse<String> main = get("/web/js/main.js");
        assertThat(main.statusCode()).isEqualTo(200);
        assertThat(main.body()).contains("PAGES");
        assertThat(get("/web/css/app.css").statusCode()).isEqualTo(200);
        assertThat(get("/web/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/webjars/../web/index.html").statusCode()).isNotEqualTo(200);
    }

    @Test
    void prefixesAndTheServersTimeAreThere() throws Exception {
        JsonNode prefixes = Json.MAPPER.readTree(get(Dashboard.PREFIXES).body());
        assertThat(prefixes.path("brick").asText()).isEqualTo("https://brickschema.org/schema/Brick#");
        assertThat(prefixes.path("tg").asText()).isEqualTo("https://twingraph.io/ns#");
        assertThat(Json.MAPPER.readTree(get(Dashboard.NOW).body()).path("now").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void aSolvedPlansSeriesAddUpToItsCostAndItsBaselines() throws Exception {
        Instant start = Instant.parse("2025-06-02T10:30:00Z");
        List<Double> pv = List.of(0.0, 500.0, 2500.0, 3000.0, 3000.0, 2500.0, 500.0, 0.0);
        EnergyProblem problem = new EnergyProblem(start, 30, 8, "EUR", List.of(0.40, 0.40, 0.20, 0.20, 0.20, 0.20, 0.40, 0.40),
                List.of(0.05), null, List.of(300.0), pv, null,
                List.of(EnergyProblem.Load.of("washer", 2000, 60, null, null)), null, null, null);
        String id = plans.submit(problem, Duration.ofSeconds(1)).id();
        assertThat(get("/api/dashboard/plans/" + id + "/series").statusCode()).isIn(200, 409);
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.result(id).isPresent());

        JsonNode series = Json.MAPPER.readTree(get("/api/dashboard/plans/" + id + "/series").body());
        JsonNode plan = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(plans.get(id).orElseThrow().plan()));
        assertThat(series.path("slots")).hasSize(8);
        assertThat(series.path("slots").get(0).asText()).isEqualTo(start.toString());
        assertThat(series.path("pvW").get(3).asDouble()).isEqualTo(3000.0);
        assertThat(series.path("importPrice").get(0).asDouble()).isEqualTo(0.40);
        assertThat(last(series.path("plannedCost"))).isCloseTo(plan.at("/planned/cost").asDouble(), org.assertj.core.data.Offset.offset(0.0002));
        assertThat(last(series.path("baselineCost"))).isCloseTo(plan.at("/baseline/cost").asDouble(), org.assertj.core.data.Offset.offset(0.0002));
        // the baseline runs the washer at once (at 0.40); the plan moves it into the sun
        assertThat(series.path("baselineGridW").get(0).asDouble()).isEqualTo(2300.0);
        assertThat(series.path("gridW").get(0).asDouble()).isEqualTo(300.0);
    }

    @Test
    void anUnknownPlanHasNoSeries() throws Exception {
        HttpResponse<String> r = get("/api/dashboard/plans/nope/series");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).isEqualTo("plans:plan.notfound");
    }

    private static double last(JsonNode array) {
        return array.get(array.size() - 1).asDouble();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
