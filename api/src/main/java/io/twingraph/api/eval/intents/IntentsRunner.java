package io.twingraph.api.eval.intents;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.jena.query.QuerySolution;
import org.apache.jena.riot.Lang;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.ontology.Graphs;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;

/**
 * One in-process TwinGraph (temporary data directory, embedded broker and HTTP on free ports, no simulation) that
 * holds one test home at a time and answers sentences on {@code POST /api/nl}. Loading a home removes the previous
 * home's twins, replaces the topology graph with the new home's floors and rooms, provisions its twins and waits
 * until SPARQL shows them all, each in its room.
 */
final class IntentsRunner implements AutoCloseable {
    static final String NL_PATH = "/api/nl";
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path directory;
    private final TwinGraphApp app;
    private final SparqlService sparql;
    private final HttpClient http;
    private final Duration requestTimeout;
    private List<ThingId> loaded = List.of();
    private int homes;

    private IntentsRunner(Path directory, TwinGraphApp app, Duration requestTimeout) {
        this.directory = directory;
        this.app = app;
        this.sparql = new SparqlService(app.engine().graph(), Duration.ofSeconds(30), 1_000_000);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.requestTimeout = requestTimeout;
    }

    /** Starts TwinGraph on a new temporary directory (deleted on {@link #close()}). */
    static IntentsRunner start(Duration requestTimeout) throws IOException {
        Path directory = Files.createTempDirectory("twingraph-eval-intents");
        try {
            // one evaluating client that must not be throttled
            AppConfig config = AppConfig.defaults(directory.resolve("data")).withPorts(0, 0)
                    .withAccess(io.twingraph.api.access.AccessSettings.DEFAULTS.withRateLimit(Integer.MAX_VALUE));
            return new IntentsRunner(directory, TwinGraphApp.start(config, Clock.systemUTC()), requestTimeout);
        } catch (RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
    }

    String baseUrl() {
        return app.httpUrl();
    }

    TwinGraphEngine engine() {
        return app.engine();
    }

    SparqlService sparql() {
        return sparql;
    }

    /**
     * Makes {@code home} the one TwinGraph holds and waits until the graph shows it.
     *
     * @throws IllegalStateException when the graph does not show the home within a minute (with what is missing)
     */
    HaTwins load(HaHome home) {
        TwinGraphEngine engine = app.engine();
        List<CompletableFuture<TwinEvent>> deletes = new ArrayList<>();
        for (ThingId id : loaded) {
            deletes.add(engine.submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.SYSTEM,
                    TwinCommand.newCorrelationId())));
        }
        deletes.forEach(CompletableFuture::join);
        loaded = List.of();
        HaTwins twins = new HaTwins("ha" + (++homes), home);
        engine.graph().importText(twins.topologyTurtle(), Lang.TURTLE, Graphs.TOPOLOGY, true);
        List<Thing> things = twins.things();
        engine.provision(things);
        loaded = things.stream().map(t -> t.getEntityId().orElseThrow()).toList();
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        List<String> problems = problems(sparql, twins);
        while (!problems.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the graph does not show home " + home.source() + " after "
                        + LOAD_TIMEOUT.toSeconds() + " s: " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading " + home.source(), e);
            }
            problems = problems(sparql, twins);
        }
        return twins;
    }

    /**
     * What the graph does not yet show of a home, asked by SPARQL: rooms and floors without their label, twins
     * missing or not in their room, and twins of another home still present. Empty when the home is fully there.
     */
    static List<String> problems(SparqlService sparql, HaTwins twins) {
        List<String> problems = new ArrayList<>();
        Set<String> labelled = new HashSet<>();
        SparqlResult spaces = sparql.execute(SparqlService.parse("""
                SELECT ?space ?label WHERE { { ?space a brick:Room } UNION { ?space a brick:Floor }
                  ?space rdfs:label ?label }"""));
        while (spaces.rows().hasNext()) {
            QuerySolution row = spaces.rows().next();
            labelled.add(row.getResource("space").getURI() + "\n" + row.getLiteral("label").getLexicalForm());
        }
        twins.home().floors().forEach(f -> {
            if (!labelled.contains(twins.floorIri(f) + "\n" + f.name())) {
                problems.add("floor " + f.name() + " (" + twins.floorIri(f) + ") has no label");
            }
        });
        twins.home().areas().forEach(a -> {
            if (!labelled.contains(twins.roomIri(a) + "\n" + a.name())) {
                problems.add("room " + a.name() + " (" + twins.roomIri(a) + ") has no label");
            }
        });
        Map<String, String> located = new HashMap<>();
        SparqlResult things = sparql.execute(SparqlService.parse("""
                SELECT ?id ?location WHERE { ?thing tg:thingId ?id .
                  OPTIONAL { ?thing brick:hasLocation ?location . ?location rdfs:label ?roomLabel } }"""));
        while (things.rows().hasNext()) {
            QuerySolution row = things.rows().next();
            located.put(row.getLiteral("id").getLexicalForm(),
                    row.contains("location") ? row.getResource("location").getURI() : "");
        }
        Set<String> expected = new HashSet<>();
        for (HaHome.Entity e : twins.home().entities()) {
            String id = twins.thingId(e).toString();
            expected.add(id);
            String room = twins.areaOf(e).map(twins::roomIri).orElse("");
            if (!located.containsKey(id)) {
                problems.add("twin " + id + " is not in the graph");
            } else if (!located.get(id).equals(room)) {
                problems.add("twin " + id + " is located in '" + located.get(id) + "', not '" + room + "'");
            }
        }
        located.keySet().stream().filter(id -> !expected.contains(id)).sorted()
                .forEach(id -> problems.add("twin " + id + " of another home is still in the graph"));
        return problems;
    }

    /**
     * A reply from {@code POST /api/nl}.
     *
     * @param status       HTTP status, or 0 when the request failed
     * @param body         the reply as JSON, or null when it was not JSON
     * @param raw          the reply's text (or the failure)
     * @param clientMillis time from sending to the whole reply, measured here
     */
    record Answer(int status, JsonNode body, String raw, double clientMillis) {
    }

    /** Sends one sentence: a dry run, a new conversation, the speaker's area when given. */
    Answer ask(String text, String area) {
        ObjectNode request = JSON.createObjectNode().put("text", text).put("dryRun", true);
        if (area != null) {
            request.put("area", area);
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(app.httpUrl() + NL_PATH))
                .header("Authorization", "Bearer " + app.adminToken())
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString(), StandardCharsets.UTF_8)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            double millis = (System.nanoTime() - start) / 1e6;
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            return new Answer(response.statusCode(), body, response.body(), millis);
        } catch (IOException e) {
            return new Answer(0, null, e.toString(), (System.nanoTime() - start) / 1e6);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted", (System.nanoTime() - start) / 1e6);
        }
    }

    /** Whether this TwinGraph serves {@code POST /api/nl} (anything but 404/405 to a plain request counts). */
    boolean hasNlApi() {
        Answer probe = ask("hello", null);
        return probe.status() != 404 && probe.status() != 405 && probe.status() != 0;
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            deleteTree(directory);
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary directory: what cannot be deleted now stays
                }
            });
        } catch (IOException e) {
            // nothing to delete
        }
    }
}
