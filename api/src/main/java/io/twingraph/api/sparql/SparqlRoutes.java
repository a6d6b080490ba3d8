package io.twingraph.api.sparql;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.jena.query.Query;
import org.apache.jena.riot.RDFWriter;
import org.apache.jena.riot.ResultSetMgr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.access.Access;
import io.twingraph.api.access.AccessSettings;
import io.twingraph.api.http.ErrorMapping;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.api.policies.CallerAccess;
import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.SparqlUpdates;
import io.twingraph.engine.access.ThingVisibility;
import io.twingraph.error.TwinGraphException;

/**
 * The SPARQL 1.1 Protocol query endpoint at {@value #PATH} (https://www.w3.org/TR/sparql11-protocol/), so that
 * integrators read the knowledge graph with any standard SPARQL client.
 *
 * <ul>
 * <li>Queries by GET {@code ?query=}, POST {@code application/x-www-form-urlencoded} ({@code query=}) or POST
 * {@code application/sparql-query}; the dataset by repeatable {@code default-graph-uri} and {@code named-graph-uri}
 * (they replace the query's FROM and FROM NAMED); an optional {@code timeout} in milliseconds below the server's
 * limit.</li>
 * <li>SELECT and ASK results in SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT and DESCRIBE graphs in Turtle
 * (default), N-Triples, JSON-LD or RDF/XML; chosen by Accept or by a {@code format}/{@code output} parameter. 406 when
 * nothing acceptable is offered.</li>
 * <li>A GET without a query returns the SPARQL Service Description (Turtle by default).</li>
 * <li>SPARQL Update (POST {@code application/sparql-update} or form {@code update=}) only for admins and only on the
 * stored graphs ({@link SparqlUpdates}); refused ({@code sparql:update.forbidden}) where the server offers none.</li>
 * <li>Callers other than admins get shorter time and row limits ({@link io.twingraph.api.access.AccessSettings}),
 * and query the policy-filtered view of the graph: the triples of twins their policies do not let them read do not
 * exist for them ({@link io.twingraph.engine.access.VisibleDataset}).</li>
 * <li>Every error has the one error shape ({@link io.twingraph.api.http.ApiError}).</li>
 * </ul>
 */
public final class SparqlRoutes implements RouteGroup {
    /** Where the endpoint is mounted. */
    public static final String PATH = "/sparql";
    static final String ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";

    private static final Logger LOG = LoggerFactory.getLogger(SparqlRoutes.class);

    private final SparqlService service;
    private final SparqlUpdates updates;
    private final AccessSettings limits;
    private final CallerAccess callers;

    /** Queries only, with the service's limits for every caller (route tests, evaluations). */
    public SparqlRoutes(SparqlService service) {
        this(service, null, null);
    }

    /** Without policies: every caller sees the whole graph. */
    public SparqlRoutes(SparqlService service, SparqlUpdates updates, AccessSettings limits) {
        this(service, updates, limits, CallerAccess.NONE);
    }

    /**
     * @param updates where admins' updates run, or null to refuse every update
     * @param limits  the time and row limits of callers other than admins, or null for the service's own
     * @param callers what each caller may read
     */
    public SparqlRoutes(SparqlService service, SparqlUpdates updates, AccessSettings limits, CallerAccess callers) {
        this.service = Objects.requireNonNull(service, "service");
        this.updates = updates;
        this.limits = limits;
        this.callers = Objects.requireNonNull(callers, "callers");
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get(PATH, this::handle, Role.READER);
        // HEAD runs the same request as GET so the status and headers are the real ones; Jetty sends no body.
        routes.head(PATH, this::handle, Role.READER);
        routes.post(PATH, this::handle, Role.READER);
        routes.options(PATH, this::options, Role.READER);
        // Explicit handlers so these get 405 with an Allow header (the protocol tests send PUT) rather than 404.
        for (HandlerType method : List.of(HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            routes.addHttpHandler(method, PATH, ctx -> {
                throw SparqlHttpError.methodNotAllowed(ctx.method().name());
            }, Role.READER);
        }
        routes.exception(SparqlHttpError.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            ErrorMapping.respond(ctx, e.toApiError());
        });
    }

    private void handle(Context ctx) {
        SparqlRequest request = SparqlRequest.read(ctx);
        if (request.isUpdate()) {
            if (updates == null) {
                throw SparqlRequest.updateForbidden();
            }
            Access.require(ctx, Role.ADMIN, "SPARQL Update");
            updates.run(request.updateText());
            ctx.status(204);
            return;
        }
        if (request.isServiceDescription()) {
            SparqlFormats.Format format = SparqlFormats.choose(SparqlFormats.Shape.GRAPH, request.format(), ctx.header("Accept"));
            byte[] body = writeGraph(SparqlServiceDescription.describe(ctx.url(), service.defaultTimeout()), format);
            send(ctx, format, body);
            return;
        }
        Query query = SparqlService.parse(request.queryText());
        // Negotiated before running, so an unacceptable request costs no query time.
        SparqlFormats.Format format = SparqlFormats.choose(shapeOf(query), request.format(), ctx.header("Accept"));
        boolean limited = limits != null && !Access.principal(ctx).has(Role.ADMIN);
        Duration serverLimit = limited && limits.readerQueryTimeout().compareTo(service.defaultTimeout()) < 0
                ? limits.readerQueryTimeout() : service.defaultTimeout();
        Duration timeout = request.timeout(serverLimit);
        long start = System.nanoTime();
        SparqlResult result = service.execute(query, request.defaultGraphUris(), request.namedGraphUris(), timeout,
                limited ? limits.readerQueryRows() : Long.MAX_VALUE, ThingVisibility.of(callers.of(ctx)));
        byte[] body = write(result, format);
        LOG.debug("SPARQL {} answered as {} ({} bytes) in {} ms", query.queryType(), format.mediaType(), body.length,
                (System.nanoTime() - start) / 1_000_000);
        send(ctx, format, body);
    }

    private void options(Context ctx) {
        ctx.header("Allow", ALLOWED_METHODS)
                .header("Accept-Post", SparqlRequest.ACCEPTED_POST_TYPES)
                .status(204);
    }

    private static void send(Context ctx, SparqlFormats.Format format, byte[] body) {
        ctx.status(200)
                .contentType(format.responseType())
                // Caches must key on Accept: the same URL answers in different formats.
                .header("Vary", "Accept")
                .result(body);
    }

    private static SparqlFormats.Shape shapeOf(Query query) {
        if (query.isSelectType()) {
            return SparqlFormats.Shape.ROWS;
        }
        if (query.isAskType()) {
            return SparqlFormats.Shape.BOOLEAN;
        }
        if (query.isConstructType() || query.isDescribeType()) {
            return SparqlFormats.Shape.GRAPH;
        }
        throw new TwinGraphException("sparql:query.unsupported", TwinGraphException.Kind.INVALID,
                "Only SELECT, ASK, CONSTRUCT and DESCRIBE queries are supported.", null);
    }

    /** Writes the whole result to memory first: it is bounded by the service's row limit, and a failure can still become an error response. */
    private static byte[] write(SparqlResult result, SparqlFormats.Format format) {
        if (result.isGraph()) {
            return writeGraph(result.graph(), format);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (result.isRows()) {
            result.rows().reset();
            ResultSetMgr.write(out, result.rows(), format.lang());
        } else {
            ResultSetMgr.write(out, result.bool().booleanValue(), format.lang());
        }
        return out.toByteArray();
    }

    private static byte[] writeGraph(org.apache.jena.graph.Graph graph, SparqlFormats.Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RDFWriter.source(graph).format(format.rdfFormat()).output(out);
        return out.toByteArray();
    }
}
