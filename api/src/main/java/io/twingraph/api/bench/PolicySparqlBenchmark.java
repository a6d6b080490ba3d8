package io.twingraph.api.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.jena.query.Query;
import org.apache.jena.riot.Lang;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.access.ThingVisibility;
import io.twingraph.ontology.Graphs;
import io.twingraph.twins.policy.PolicyJson;
import io.twingraph.twins.policy.PolicyStore;
import io.twingraph.twins.policy.ThingPermissions;
import io.twingraph.twins.simulation.HomeSimulation;
import io.twingraph.twins.simulation.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the policy-filtered SPARQL view costs: a few representative queries over simulated homes (TDB2 on disk, as
 * served), each run unfiltered (an administrator), by a reader whose policies let it read every home (the filter runs
 * and hides nothing: its pure overhead), and by a reader allowed one home of them. Each caller gets its Ditto policy
 * access anew per query, as a request does.
 */
@Command(name = "policy-sparql", mixinStandardHelpOptions = true,
        description = "Measure SPARQL through the policy filter against the unfiltered graph (p50/p99 per query).")
public final class PolicySparqlBenchmark implements Callable<Integer> {
    @Option(names = "--homes", defaultValue = "10", description = "Simulated homes (default: ${DEFAULT-VALUE}).")
    int homes;

    @Option(names = "--extra-devices", defaultValue = "0",
            description = "Devices per home beyond the 53 of a simulated home (default: ${DEFAULT-VALUE}).")
    int extraDevices;

    @Option(names = "--warmup", defaultValue = "30", description = "Unmeasured runs of each query and caller first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--runs", defaultValue = "200", description = "Measured runs of each query and caller (default: ${DEFAULT-VALUE}).")
    int runs;

    @Spec
    CommandSpec spec;

    private static final List<String> ALL_READER = List.of("tg:bench-all", "role:reader");
    private static final List<String> ONE_READER = List.of("tg:bench-one", "role:reader");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (homes < 1 || runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("--homes and --runs must be at least 1, --warmup at least 0");
        }
        Path dir = Files.createTempDirectory("twingraph-bench-policy");
        HomeSimulation simulation = new HomeSimulation(SimulationConfig.defaults().withHomes(homes)
                .withExtraDevicesPerHome(extraDevices), Clock.systemUTC());
        List<Thing> things = simulation.things();
        try (TwinGraphEngine engine = TwinGraphEngine.open(dir.resolve("data"), Clock.systemUTC(), TwinGraphEngine.Settings.DEFAULTS)) {
            engine.provision(things);
            engine.graph().importText(simulation.topologyTurtle(), Lang.TURTLE, Graphs.SIMULATED_TOPOLOGY, true);
            ThingPermissions permissions = new ThingPermissions(policies(dir.resolve("data"), simulation.homeIds()),
                    engine.twins()::get);
            SparqlService sparql = new SparqlService(engine.graph(), Duration.ofMinutes(1), 50_000_000);

            out.printf("Machine: %d cores, max heap %d MB; %d homes, %d devices; %d warm-up and %d measured runs each%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, homes,
                    things.size(), warmup, runs);
            out.printf("Callers: admin (unfiltered), reader allowed all %d homes, reader allowed 1 of %d; taking turns%n%n",
                    homes, homes);
            Map<String, Supplier<ThingVisibility>> callers = new LinkedHashMap<>();
            callers.put("unfiltered", () -> ThingVisibility.ALL);
            callers.put("filtered, all homes", () -> ThingVisibility.of(permissions.forSubjects(ALL_READER)));
            callers.put("filtered, 1 home", () -> ThingVisibility.of(permissions.forSubjects(ONE_READER)));
            for (Map.Entry<String, String> q : queries(things).entrySet()) {
                out.printf("%s%n", q.getKey());
                Query query = SparqlService.parse(q.getValue());
                List<Measured> measured = measure(sparql, query, new ArrayList<>(callers.values()));
                List<String> names = new ArrayList<>(callers.keySet());
                for (int c = 0; c < names.size(); c++) {
                    Measured m = measured.get(c);
                    out.printf("  %-20s %8d rows  p50 %8.2f ms  p99 %8.2f ms%n", names.get(c), m.rows(),
                            m.latency().p50(), m.latency().p99());
                }
                out.flush();
            }
        }
        return 0;
    }

    /** Every home's site policy lets bench-all read; home1's lets bench-one read too; the default lets no one. */
    private static PolicyStore policies(Path data, List<String> homeIds) {
        PolicyStore store = PolicyStore.open(data, Clock.systemUTC());
        store.put(PolicyJson.read(PolicyStore.DEFAULT_POLICY_ID, "{\"entries\": {}}"));
        for (int i = 0; i < homeIds.size(); i++) {
            String one = i == 0 ? """
                    , "one": {"subjects": {"tg:bench-one": {"type": "bench"}},
                              "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}}""" : "";
            store.put(PolicyJson.read(PolicyStore.sitePolicyId(homeIds.get(i)), """
                    {"entries": {"all": {"subjects": {"tg:bench-all": {"type": "bench"}},
                                         "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}}%s}}"""
                    .formatted(one)));
        }
        return store;
    }

    private static Map<String, String> queries(List<Thing> things) {
        String device = things.stream().filter(t -> t.getFeatures().flatMap(f -> f.getFeature("light")).isPresent())
                .map(t -> t.getEntityId().orElseThrow().toString()).filter(id -> id.startsWith("home1:"))
                .findFirst().orElseThrow();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("Q1 room temperatures (topology + live join)", """
                SELECT ?room ?name ?temperature WHERE {
                  ?room a brick:Room ; rdfs:label ?name .
                  ?device brick:hasLocation ?room ; brick:hasPoint ?point .
                  ?point a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?temperature }""");
        q.put("Q2 lights and their state", """
                SELECT ?light ?name WHERE { ?light a brick:Luminaire ; rdfs:label ?name ; saref:hasState ?state }""");
        q.put("Q3 one device's current values (" + device + ")", """
                SELECT ?point ?value WHERE { <https://twingraph.io/thing/%s> brick:hasPoint ?point .
                  ?point brick:lastKnownValue/sosa:hasSimpleResult ?value }""".formatted(device));
        q.put("Q4 every triple counted", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
        return q;
    }

    private record Measured(long rows, Percentiles latency) {
    }

    /** The callers take turns, run after run, so that drift of a shared machine falls on all of them alike. */
    private List<Measured> measure(SparqlService sparql, Query query, List<Supplier<ThingVisibility>> callers) {
        long[] rows = new long[callers.size()];
        for (int i = 0; i < warmup; i++) {
            for (int c = 0; c < callers.size(); c++) {
                rows[c] = rows(run(sparql, query, callers.get(c)));
            }
        }
        long[][] nanos = new long[callers.size()][runs];
        for (int i = 0; i < runs; i++) {
            for (int c = 0; c < callers.size(); c++) {
                long start = System.nanoTime();
                SparqlResult result = run(sparql, query, callers.get(c));
                nanos[c][i] = System.nanoTime() - start;
                if (i == 0) {
                    rows[c] = rows(result);
                }
            }
        }
        List<Measured> out = new ArrayList<>();
        for (int c = 0; c < callers.size(); c++) {
            out.add(new Measured(rows[c], Percentiles.of(nanos[c])));
        }
        return out;
    }

    private static SparqlResult run(SparqlService sparql, Query query, Supplier<ThingVisibility> caller) {
        return sparql.execute(query, List.of(), List.of(), Duration.ofMinutes(1), Long.MAX_VALUE, caller.get());
    }

    /** Result rows; for a COUNT, the number counted. */
    private static long rows(SparqlResult result) {
        result.rows().reset();
        List<String> vars = result.rows().getResultVars();
        if (vars.size() == 1 && vars.get(0).equals("n") && result.rows().hasNext()) {
            long n = result.rows().next().getLiteral("n").getLong();
            result.rows().reset();
            return n;
        }
        long count = 0;
        while (result.rows().hasNext()) {
            result.rows().next();
            count++;
        }
        return count;
    }
}
