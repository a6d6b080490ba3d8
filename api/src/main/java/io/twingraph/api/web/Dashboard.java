package io.twingraph.api.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.webjars.WebJarVersionLocator;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.api.plans.PlanJobs;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Namespaces;

/**
 * The dashboard's routes: {@code GET /} (the page, {@link Role#PUBLIC}: it holds no data and no secrets; everything
 * it shows comes from the API with the caller's token), {@code GET /api/dashboard/plans/{id}/series} (a solved
 * plan's prices, forecasts and costs slot by slot), {@code GET /api/dashboard/prefixes} (the SPARQL prefixes
 * every query may use) and {@code GET /api/dashboard/now} (the server's time, which plans start from), all
 * {@link Role#READER}. {@link #configure} adds the static files:
 * the page's own under {@code /web/}, the libraries' under {@code /webjars/}.
 */
public final class Dashboard implements RouteGroup {
    /** A solved plan's series for the Energy chart. */
    public static final String SERIES = "/api/dashboard/plans/{id}/series";
    /** The prefixes every SPARQL query may use without declaring them, for the Query editor. */
    public static final String PREFIXES = "/api/dashboard/prefixes";
    /** The server's time, which plans start from (a browser's clock may differ). */
    public static final String NOW = "/api/dashboard/now";
    private static final String TEMPLATE = "web/index.html";
    private static final String IMPORT_MAP_MARK = "%IMPORT_MAP%";

    private final PlanJobs plans;
    private final Clock clock;
    private final String page;
    private final String contentSecurityPolicy;

    /**
     * @param plans the plan jobs whose series the Energy page charts
     * @param clock the engine's clock, which plans start from
     */
    public Dashboard(PlanJobs plans, Clock clock) {
        this.plans = Objects.requireNonNull(plans, "plans");
        this.clock = Objects.requireNonNull(clock, "clock");
        String importMap = ImportMap.json(new WebJarVersionLocator());
        // the import map is the page's one inline script: the policy allows exactly it, by its hash
        String hash = "'sha256-" + sha256(importMap) + "'";
        this.page = template().replace(IMPORT_MAP_MARK, importMap);
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self' " + hash
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    }

    /**
     * Serves the page's files from the classpath: {@code web/} at {@code /web} (revalidated on each load) and the
     * WebJars at {@code /webjars} (their paths carry versions, so they are cached for a year). Both are
     * {@link Role#PUBLIC}. Call it in {@code Javalin.create}.
     */
    public static void configure(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/web";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            files.roles = Set.of(Role.PUBLIC);
            files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            // the template is served, rendered, at /
            files.skipFileFunction = request -> request.getRequestURI().endsWith(".html");
        });
        config.staticFiles.add(files -> {
            files.hostedPath = "/webjars";
            files.directory = "/META-INF/resources/webjars";
            files.location = Location.CLASSPATH;
            files.roles = Set.of(Role.PUBLIC);
            files.headers = Map.of("Cache-Control", "max-age=31536000, immutable", "X-Content-Type-Options", "nosniff");
        });
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get("/", this::page, Role.PUBLIC);
        routes.get(SERIES, this::series, Role.READER);
        routes.get(PREFIXES, ctx -> ctx.json(new TreeMap<>(Namespaces.PREFIXES.getNsPrefixMap())), Role.READER);
        routes.get(NOW, ctx -> ctx.json(Map.of("now", clock.instant())), Role.READER);
    }

    private void page(Context ctx) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                // the live stream's URL carries the token: never send it on as a referrer
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .html(page);
    }

    private void series(Context ctx) {
        String id = ctx.pathParam("id");
        if (plans.get(id).isEmpty()) {
            throw new TwinGraphException("plans:plan.notfound", TwinGraphException.Kind.NOT_FOUND,
                    "There is no plan '" + id + "'.", "GET /api/plans lists the recent plans.");
        }
        ctx.json(PlanSeries.of(id, plans.result(id).orElseThrow(() -> new TwinGraphException("plans:plan.notready",
                TwinGraphException.Kind.CONFLICT, "Plan '" + id + "' has no solution yet.",
                "Wait for the done event on /api/plans/" + id + "/events."))));
    }

    private static String template() {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's " + TEMPLATE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
