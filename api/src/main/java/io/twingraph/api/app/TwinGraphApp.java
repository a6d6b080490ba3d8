package io.twingraph.api.app;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.api.access.AccessControl;
import io.twingraph.api.access.AdminToken;
import io.twingraph.api.access.TokenRoutes;
import io.twingraph.api.access.TokenStore;
import io.twingraph.api.audit.AuditLog;
import io.twingraph.api.audit.AuditRoutes;
import io.twingraph.api.graphstore.GraphStoreRoutes;
import io.twingraph.api.http.HttpServer;
import io.twingraph.api.nl.NlRoutes;
import io.twingraph.api.plans.PlanJobs;
import io.twingraph.api.plans.PlanRoutes;
import io.twingraph.api.policies.CallerAccess;
import io.twingraph.api.policies.PolicyRoutes;
import io.twingraph.api.privacy.PrivacyRoutes;
import io.twingraph.api.privacy.PrivacyService;
import io.twingraph.api.privacy.Transcripts;
import io.twingraph.api.sparql.SparqlRoutes;
import io.twingraph.api.stream.TwinStreamRoutes;
import io.twingraph.api.web.Dashboard;
import io.twingraph.api.rules.GoalRoutes;
import io.twingraph.api.rules.RuleRoutes;
import io.twingraph.api.status.StatusRoutes;
import io.twingraph.api.things.ThingRoutes;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.SparqlUpdates;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.query.QueryGuard;
import io.twingraph.engine.rules.RuleRepository;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.nl.LlmFallback;
import io.twingraph.nl.NaturalLanguage;
import io.twingraph.nl.llm.LlmAgent;
import io.twingraph.nl.answer.QuestionAnswerer;
import io.twingraph.nl.home.HomeSource;
import io.twingraph.rules.DefaultPacks;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.Topics;
import io.twingraph.twins.ditto.DittoProtocolCodec;
import io.twingraph.twins.ditto.live.DittoCommandSender;
import io.twingraph.twins.ditto.live.DittoFollower;
import io.twingraph.twins.ditto.live.DittoHttp;
import io.twingraph.twins.ditto.live.DittoSettings;
import io.twingraph.twins.mqtt.EmbeddedBroker;
import io.twingraph.twins.mqtt.MqttConnector;
import io.twingraph.twins.mqtt.MqttSettings;
import io.twingraph.twins.policy.PolicyStore;
import io.twingraph.twins.policy.ThingPermissions;

/**
 * A running TwinGraph: engine on the data directory, MQTT broker (embedded unless an external one is configured),
 * the MQTT connector, optionally the simulated homes, and the HTTP server. Parts start in dependency order and
 * stop in reverse; close it to stop everything.
 */
public final class TwinGraphApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TwinGraphApp.class);

    private final AppConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private TwinGraphEngine engine;
    private String mqttUri;
    private HttpServer http;
    private MqttConnector connector;
    private DittoFollower ditto;
    private Simulation simulation;
    private RuleRuntime rules;
    private NaturalLanguage language;
    private String adminToken;

    private TwinGraphApp(AppConfig config) {
        this.config = config;
    }

    /** Starts everything; on failure, stops what had started and rethrows. */
    public static TwinGraphApp start(AppConfig config, Clock clock) {
        TwinGraphApp app = new TwinGraphApp(config);
        try {
            app.startAll(clock);
            return app;
        } catch (RuntimeException | IOException e) {
            app.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new java.io.UncheckedIOException((IOException) e);
        }
    }

    private void startAll(Clock clock) throws IOException {
        Files.createDirectories(config.dataDir());
        // the journal is replayed once the rules listen (below), so that they see what a crash interrupted, and before
        // the MQTT connector takes input
        engine = TwinGraphEngine.openForReplay(config.dataDir(), clock, TwinGraphEngine.Settings.DEFAULTS);
        started.push(engine);

        if (config.twins() != null) {
            mqttUri = null; // Ditto holds the twins and talks to the devices
        } else if (config.externalMqtt() == null) {
            EmbeddedBroker broker = EmbeddedBroker.start(config.mqttHost(), config.mqttPort(), config.dataDir().resolve("broker"));
            started.push(broker);
            mqttUri = broker.uri();
        } else {
            mqttUri = config.externalMqtt();
        }
        PendingConnection devices = new PendingConnection();
        CommandGateway gateway = new CommandGateway(engine, devices);
        started.push(gateway);
        RuleRepository repository = new RuleRepository(config.dataDir().resolve("rules"));
        if (repository.seedIfAbsent(DefaultPacks.all())) {
            LOG.info("Rules: default packages {} stored in {}", DefaultPacks.NAMES, config.dataDir().resolve("rules"));
        }
        rules = RuleRuntime.start(engine, gateway, repository, RuleRuntime.Settings.DEFAULTS);
        started.push(rules);
        engine.replayJournal();

        // after the replay: a resumed MQTT session delivers at once, and that input comes after what was journaled
        // (so do Ditto's things and changes)
        Topics topics = new Topics(config.topicPrefix());
        DeviceCommandSender sender;
        java.util.function.BooleanSupplier connected;
        if (config.twins() != null) {
            sender = followDitto(config.twins(), clock);
            connected = () -> ditto.status().following();
        } else {
            connector = MqttConnector.connect(MqttSettings.of(mqttUri).withClientId("twingraph-" + config.topicPrefix()),
                    topics, engine, engine.deadLetters(), new DittoProtocolCodec(), clock);
            started.push(connector);
            sender = connector;
            connected = connector::isConnected;
        }
        devices.connected(sender);

        // the simulation provisions its twins through the engine, which takes input only after the replay
        if (config.simulation() != null) {
            simulation = Simulation.start(config.simulation(), topics, engine, mqttUri, clock);
            started.push(simulation);
        }

        // plans are carried out through the same gateway as the rules
        PlanJobs plans = new PlanJobs(engine, new io.twingraph.planners.solve.EnergyPlanner(), gateway);
        started.push(plans);
        SparqlService sparql = new SparqlService(engine.graph(), config.sparqlTimeout(), config.sparqlMaxRows());
        language = naturalLanguage(sparql, gateway);
        TokenStore tokens = TokenStore.open(config.dataDir());
        adminToken = AdminToken.ensure(tokens, config.dataDir(), clock.instant());
        AuditLog audit = AuditLog.open(config.dataDir());
        Transcripts transcripts = Transcripts.open(config.dataDir(), clock);
        started.push(audit);
        AccessControl access = new AccessControl(tokens, config.access(), audit, clock);
        PolicyStore policies = PolicyStore.open(config.dataDir(), clock);
        CallerAccess callers = new CallerAccess(new ThingPermissions(policies, engine.twins()::get));
        TwinStreamRoutes stream = new TwinStreamRoutes(engine, callers::of, TwinStreamRoutes.Settings.DEFAULTS);
        http = HttpServer.start(config.httpHost(), config.httpPort(), access, List.of(
                new TokenRoutes(tokens, clock),
                new AuditRoutes(audit),
                new StatusRoutes(engine, connected, rules::stats, ditto == null ? null : ditto::status),
                new SparqlRoutes(sparql, new SparqlUpdates(engine.graph()), config.access(), callers),
                new ThingRoutes(engine, sender, ThingRoutes.Settings.DEFAULTS, callers),
                new GraphStoreRoutes(engine.graph()),
                new PlanRoutes(engine, plans),
                new RuleRoutes(rules),
                new GoalRoutes(rules),
                new NlRoutes(language, transcripts, callers),
                new PolicyRoutes(policies),
                new PrivacyRoutes(new PrivacyService(engine, rules, tokens, audit, transcripts, policies, clock)),
                stream,
                new Dashboard(plans, engine.clock())));
        started.push(http);
        started.push(stream); // closed before the server: no live-stream write is under way while it stops
        ServerFile.write(config.dataDir(), httpUrl());
        started.push(() -> ServerFile.remove(config.dataDir()));
    }

    /**
     * Ditto mode: the follower mirrors Ditto's things and changes into the engine (after the journal's replay), and
     * device commands go back through Ditto. Waits up to 3 s for the first load, then goes on either way (the load goes
     * on in the background): while Ditto is away TwinGraph serves the last state it had.
     */
    private DeviceCommandSender followDitto(DittoSettings settings, Clock clock) {
        DittoHttp link = DittoHttp.open(settings, clock);
        started.push(link);
        ditto = DittoFollower.start(link, engine.twins(), engine::submit);
        started.push(ditto);
        try {
            if (!ditto.awaitFollowing(java.time.Duration.ofSeconds(3))) {
                LOG.warn("Ditto at {} is not followed yet ({}); serving the last known state meanwhile",
                        settings.baseUri(), ditto.status().lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new DittoCommandSender(link);
    }

    /** Language: the local parser, questions by SPARQL, commands through the gateway, goals to the rules. */
    private NaturalLanguage naturalLanguage(SparqlService sparql, CommandGateway gateway) {
        // The answerer writes its queries itself from the home's devices (one VALUES row each, so bounded), no
        // person's or model's text goes in; the query guard, built for untrusted text, would triple their cost.
        NaturalLanguage.Settings settings = NaturalLanguage.Settings.DEFAULTS;
        NaturalLanguage.Fallback fallback = null;
        if (config.llm() != null) {
            // everything the model writes is untrusted: one guard checks it, and its queries run through it
            QueryGuard guard = QueryGuard.builder().build();
            // each speaker's queries read the graph their policies let them see
            fallback = new LlmFallback(new LlmAgent(config.llm(), guard), (q, visibility) -> {
                io.twingraph.engine.query.GuardedQuery checked = guard.check(q);
                return sparql.execute(checked.query(), checked.defaultGraphUris(), checked.namedGraphUris(),
                        checked.timeout(), Long.MAX_VALUE, visibility);
            }, gateway, rules, settings.confirmWithin());
            LOG.info("Language: local parser first, then {} model {} at {}", config.llm().provider(), config.llm().model(),
                    config.llm().baseUrl());
        }
        return new NaturalLanguage(new HomeSource(engine, sparql),
                new QuestionAnswerer(q -> sparql.execute(SparqlService.parse(q))),
                gateway, rules, fallback, settings);
    }

    /** The natural-language service. */
    public NaturalLanguage language() {
        return language;
    }

    public String httpUrl() {
        String host = config.httpHost().equals("0.0.0.0") ? "localhost" : config.httpHost();
        return "http://" + host + ":" + http.port();
    }

    /**
     * The local administrator's token (also in {@code access/admin.token} under the data directory): for the CLI on
     * this machine and for tests.
     */
    public String adminToken() {
        return adminToken;
    }

    /** The HTTP routes served, each with its role: the table the security test matrix is generated from. */
    public List<io.twingraph.api.http.RouteInfo> routes() {
        return http.routes();
    }

    /** The Ditto follower, when the twins come from a live Ditto. */
    public java.util.Optional<DittoFollower> ditto() {
        return java.util.Optional.ofNullable(ditto);
    }

    public String mqttUri() {
        return mqttUri;
    }

    public TwinGraphEngine engine() {
        return engine;
    }

    /** The rule runtime. */
    public RuleRuntime rules() {
        return rules;
    }

    /** The simulated homes, if this app runs them. */
    public java.util.Optional<Simulation> simulation() {
        return java.util.Optional.ofNullable(simulation);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
