package io.twingraph.api.things;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.ditto.base.model.exceptions.DittoJsonException;
import org.eclipse.ditto.base.model.exceptions.UnsupportedMediaTypeException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonParseException;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingBuilder;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingTooLargeException;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.MissingThingIdsException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotDeletableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingIdNotExplicitlySettableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingMergeInvalidException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotCreatableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingPreconditionFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.twingraph.api.access.Role;
import io.twingraph.api.http.RouteGroup;
import io.twingraph.api.policies.CallerAccess;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.policy.ThingAccess;
import io.twingraph.twins.search.ThingSearch;

/**
 * Eclipse Ditto's HTTP API 2 for things and their search, on TwinGraph's engine: writes go through
 * {@link TwinGraphEngine#submit(TwinCommand)}, reads come from the engine's twin store.
 *
 * <ul>
 * <li>{@code GET /api/2/things?ids=a,b} (things in the order asked, missing ones left out); without {@code ids}, as
 * newer Ditto and the OpenAPI do, a page of all things ({@code option}, {@code namespaces}, {@code fields}, with
 * {@code Link} headers); {@code POST /api/2/things} creates a thing with a generated id in the {@code namespace}
 * parameter's namespace (or the default one).</li>
 * <li>{@code GET/PUT/PATCH/DELETE /api/2/things/{thingId}} and its sub-resources {@code thingId} (GET),
 * {@code policyId} (GET/PUT/PATCH), {@code definition}, {@code attributes[/path]}, {@code features[/{featureId}
 * [/definition|/properties[/path]|/desiredProperties[/path]]]}.</li>
 * <li>PUT answers 201 with {@code Location} and the created entity when the resource did not exist, else 204; PATCH
 * takes only {@code application/merge-patch+json} (else 415) and answers 204; DELETE 204; GET 200 with {@code fields}
 * selection on the thing, attributes, features, a feature and (desired) properties.</li>
 * <li>The thing resource has the ETag {@code "rev:N"} and honours {@code If-Match} / {@code If-None-Match}
 * (412 {@code things:precondition.failed}, 304 for reads).</li>
 * <li>{@code PUT .../features/{id}/properties/{path}} with {@code channel=live} (query or header) does not touch the
 * twin: it sends a {@link DeviceCommand} through the {@link DeviceCommandSender} and answers 202
 * {@code {"correlationId": "..."}}.</li>
 * <li>{@code GET|POST /api/2/search/things} and {@code /api/2/search/things/count} with {@code filter},
 * {@code namespaces}, {@code option} (size, cursor, sort, limit), {@code fields} (and {@code condition} on POST),
 * backed by {@link ThingSearch}.</li>
 * <li>Errors are Ditto's own exceptions, rendered as Ditto renders them (by {@code ErrorMapping}).</li>
 * <li>Policies ({@link CallerAccess}), as Ditto enforces them: lists, searches and counts hold only the things the
 * caller may read, each as its readable view (search filters see only that view); a thing it may read nothing of is
 * 404 like a missing one; writes need WRITE on what they change ({@link ThingPolicyGate}).</li>
 * </ul>
 */
public final class ThingRoutes implements RouteGroup {
    /** Where things live. */
    public static final String THINGS = "/api/2/things";
    /** Where things are searched. */
    public static final String SEARCH = "/api/2/search/things";
    /** Where search results are counted. */
    public static final String SEARCH_COUNT = SEARCH + "/count";

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final Set<String> JSON_MEDIA_TYPES =
            Set.of("application/json", "application/octet-stream", "text/plain");
    private static final String CORRELATION_ID = "correlation-id";
    private static final Logger LOG = LoggerFactory.getLogger(ThingRoutes.class);

    /**
     * Tunables.
     *
     * @param defaultNamespace namespace of things created by POST without a {@code namespace} parameter
     * @param maxBodyBytes     larger request bodies are refused with Ditto's 413 (Ditto's limit for things: 100 kB)
     * @param writeTimeout     how long a write waits for the engine before 503
     */
    public record Settings(String defaultNamespace, long maxBodyBytes, Duration writeTimeout) {
        public static final Settings DEFAULTS = new Settings("twingraph", 100 * 1024, Duration.ofSeconds(30));

        public Settings {
            Objects.requireNonNull(defaultNamespace, "defaultNamespace");
            Objects.requireNonNull(writeTimeout, "writeTimeout");
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive");
            }
        }
    }

    private final TwinGraphEngine engine;
    private final DeviceCommandSender devices;
    private final Settings settings;
    private final ThingSearch search;
    private final CallerAccess callers;

    public ThingRoutes(TwinGraphEngine engine, DeviceCommandSender devices) {
        this(engine, devices, Settings.DEFAULTS);
    }

    public ThingRoutes(TwinGraphEngine engine, DeviceCommandSender devices, Settings settings) {
        this(engine, devices, settings, CallerAccess.NONE);
    }

    /** With policies: each caller reads and writes the things its policies allow. */
    public ThingRoutes(TwinGraphEngine engine, DeviceCommandSender devices, Settings settings, CallerAccess callers) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.callers = Objects.requireNonNull(callers, "callers");
        this.search = ThingSearch.over(engine.twins());
    }

    @Override
    public void register(JavalinDefaultRoutingApi routes) {
        routes.get(THINGS, this::getThings, Role.READER);
        routes.post(THINGS, this::postThing, Role.OPERATOR);
        for (HandlerType method : List.of(HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            routes.addHttpHandler(method, THINGS, ctx -> {
                throw methodNotAllowed(ctx, "GET, POST");
            }, Role.READER);
        }
        // One handler for everything below /things/: the raw path is parsed as Ditto's gateway parses it.
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE,
                HandlerType.POST)) {
            routes.addHttpHandler(method, THINGS + "/<rest>", this::thingResource,
                    method == HandlerType.GET ? Role.READER : Role.OPERATOR);
        }
        routes.get(SEARCH, ctx -> searchThings(ctx, false), Role.READER);
        routes.post(SEARCH, ctx -> searchThings(ctx, true), Role.READER);
        routes.get(SEARCH_COUNT, ctx -> countThings(ctx, false), Role.READER);
        routes.post(SEARCH_COUNT, ctx -> countThings(ctx, true), Role.READER);
    }

    // ---------------------------------------------------------------------------------------------- /things

    private void getThings(Context ctx) {
        JsonFieldSelector fields = ThingSearch.fieldSelector(ctx.queryParam("fields"));
        String ids = ctx.queryParam("ids");
        ThingAccess access = callers.of(ctx);
        if (ids != null) {
            List<JsonValue> things = new ArrayList<>();
            for (ThingId id : parseIds(ids)) {
                engine.twins().get(id).flatMap(access::view).ifPresent(thing -> things.add(render(thing, fields)));
            }
            json(ctx, 200, JsonArray.of(things));
            return;
        }
        ThingSearch.Page page = searchFor(access).query(null, namespaces(ctx.queryParam("namespaces")),
                ThingSearch.parseOptions(options(ctx.queryParams("option"))), fields);
        String canonical = ctx.req().getRequestURI() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        ctx.header("Link", "<" + canonical + ">; rel=\"canonical\"");
        page.cursor().ifPresent(cursor -> ctx.res().addHeader("Link", "<" + nextPage(ctx, cursor) + ">; rel=\"next\""));
        json(ctx, 200, JsonArray.of(page.items()));
    }

    /**
     * The next page's URL: the same parameters, with the cursor in place of the sort (the cursor carries it) and the
     * page size kept, because a cursor only continues the query it came from.
     */
    private static String nextPage(Context ctx, String cursor) {
        StringBuilder url = new StringBuilder(THINGS);
        char separator = '?';
        for (var param : ctx.queryParamMap().entrySet()) {
            if (!"option".equals(param.getKey())) {
                for (String value : param.getValue()) {
                    url.append(separator).append(encodeQuery(param.getKey())).append('=').append(encodeQuery(value));
                    separator = '&';
                }
            }
        }
        String option = "size(" + ThingSearch.parseOptions(options(ctx.queryParams("option"))).size() + "),cursor("
                + cursor + ")";
        return url.append(separator).append("option=").append(encodeQuery(option)).toString();
    }

    private static String encodeQuery(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<ThingId> parseIds(String ids) {
        List<ThingId> result = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (!id.isBlank()) {
                result.add(ThingId.of(id.trim()));
            }
        }
        if (result.isEmpty()) {
            throw MissingThingIdsException.newBuilder().build();
        }
        return result;
    }

    private void postThing(Context ctx) {
        if (isLive(ctx)) {
            throw ThingNotCreatableException.forLiveChannel(DittoHeaders.empty());
        }
        requireJson(ctx);
        JsonObject body = requireObject(readJson(ctx), "a thing");
        if (body.contains("thingId")) {
            throw ThingIdNotExplicitlySettableException.forPostMethod().build();
        }
        String namespace = Optional.ofNullable(ctx.queryParam("namespace")).orElse(settings.defaultNamespace());
        ThingId id = ThingBuilder.generateRandomTypedThingId(namespace);
        JsonObject json = withDefaultPolicyId(body.setValue("thingId", id.toString()), id, Optional.empty());
        Thing thing = DittoJsonException.wrapJsonRuntimeException(() -> ThingsModelFactory.newThing(json));
        ThingPolicyGate.create(callers.of(ctx), id, thing.getPolicyId().orElseThrow());
        String correlationId = correlationId(ctx);
        TwinEvent event = submit(new TwinCommand.Create(id, thing, TwinCommand.Origin.API, correlationId));
        ctx.header("Location", THINGS + "/" + id);
        etag(ctx, event.revision());
        json(ctx, 201, event.after().toJson());
    }

    // -------------------------------------------------------------------------------- /things/{thingId}/...

    private void thingResource(Context ctx) {
        String uri = ctx.req().getRequestURI();
        ThingResource resource;
        try {
            resource = ThingResource.parse(uri.substring(THINGS.length() + 1), uri);
        } catch (ThingResource.UnknownPath e) {
            throw new HttpResponseException(404, e.getMessage());
        }
        HandlerType method = ctx.method();
        if (resource.kind() == ThingResource.Kind.UNSUPPORTED) {
            throw new HttpResponseException(501, "TwinGraph does not implement " + method.name() + " " + uri
                    + " (Ditto messages and definition migration are not supported).");
        }
        if (!resource.kind().allows(method)) {
            throw methodNotAllowed(ctx, resource.kind().allowHeader());
        }
        String correlationId = correlationId(ctx);
        ThingAccess access = callers.of(ctx);
        if (isLive(ctx)) {
            if (HandlerType.PUT.equals(method) && resource.kind() == ThingResource.Kind.FEATURE_PROPERTY) {
                sendLive(ctx, resource, correlationId, access);
                return;
            }
            throw new TwinGraphException("things:channel.live.unsupported", TwinGraphException.Kind.INVALID,
                    "The live channel is supported for PUT on a feature property only, not for " + method.name()
                            + " " + uri + ".",
                    "Send PUT /api/2/things/{thingId}/features/{featureId}/properties/{path}?channel=live, or use "
                            + "the twin channel.");
        }
        if (HandlerType.GET.equals(method)) {
            retrieve(ctx, resource, access);
        } else if (HandlerType.PUT.equals(method)) {
            modify(ctx, resource, correlationId, access);
        } else if (HandlerType.PATCH.equals(method)) {
            merge(ctx, resource, correlationId, access);
        } else {
            delete(ctx, resource, correlationId, access);
        }
    }

    private void retrieve(Context ctx, ThingResource resource, ThingAccess access) {
        // the caller's view: what it may not read is missing, and a thing it may read nothing of does not exist
        Thing thing = ThingPolicyGate.readable(access, resource.thingId(), engine.twins().get(resource.thingId()));
        JsonFieldSelector fields = resource.kind().isSelectable()
                ? ThingSearch.fieldSelector(ctx.queryParam("fields")) : null;
        if (resource.kind() == ThingResource.Kind.THING) {
            if (!preconditionsHold(ctx, Optional.of(thing), true)) {
                return;
            }
            etag(ctx, revision(thing));
            json(ctx, 200, render(thing, fields));
            return;
        }
        if (resource.kind() == ThingResource.Kind.THING_ID) {
            json(ctx, 200, JsonValue.of(resource.thingId().toString()));
            return;
        }
        JsonObject json = thing.toJson();
        if (resource.kind().isInsideFeature() && json.getValue(resource.featurePointer()).isEmpty()) {
            throw FeatureNotAccessibleException.newBuilder(resource.thingId(), resource.featureId()).build();
        }
        JsonValue value = json.getValue(resource.pointer()).orElseThrow(resource::notFound);
        if (fields != null && value.isObject()) {
            value = value.asObject().get(fields);
        }
        json(ctx, 200, value);
    }

    private void modify(Context ctx, ThingResource resource, String correlationId, ThingAccess access) {
        requireJson(ctx);
        JsonValue body = readJson(ctx);
        Optional<Thing> current = engine.twins().get(resource.thingId());
        JsonValue value = validated(resource, body, current);
        // policies before preconditions: an ETag must not tell a caller that a thing it may not see exists
        checkWrite(access, resource, current, value);
        if (resource.kind() == ThingResource.Kind.THING && !preconditionsHold(ctx, current, false)) {
            return;
        }
        TwinEvent event = submit(new TwinCommand.Modify(resource.thingId(), resource.pointer(), value,
                TwinCommand.Origin.API, correlationId));
        if (resource.kind() == ThingResource.Kind.THING) {
            etag(ctx, event.revision());
        }
        if (event.action() == TwinEvent.Action.CREATED) {
            ctx.header("Location", resource.location());
            JsonValue created = resource.kind() == ThingResource.Kind.THING ? event.after().toJson()
                    : event.after().toJson().getValue(resource.pointer()).orElse(value);
            json(ctx, 201, created);
        } else {
            ctx.status(204);
        }
    }

    private void merge(Context ctx, ThingResource resource, String correlationId, ThingAccess access) {
        String contentType = mediaType(ctx);
        if (!MERGE_PATCH_JSON.equals(contentType)) {
            throw UnsupportedMediaTypeException.builderForMergePatchJsonMediaType(
                    contentType == null ? "none" : contentType, MERGE_PATCH_JSON).build();
        }
        JsonValue patch = readJson(ctx);
        if (resource.kind() == ThingResource.Kind.THING && patch.isNull()) {
            throw ThingMergeInvalidException.fromMessage(
                    "The provided json value can not be applied at this resource", DittoHeaders.empty());
        }
        if (resource.kind() == ThingResource.Kind.POLICY_ID) {
            if (patch.isNull()) {
                throw PolicyIdNotDeletableException.newBuilder().build();
            }
            patch = JsonValue.of(policyId(patch).toString());
        }
        checkMerge(access, resource, patch);
        if (resource.kind() == ThingResource.Kind.THING
                && !preconditionsHold(ctx, engine.twins().get(resource.thingId()), false)) {
            return;
        }
        TwinEvent event = submit(new TwinCommand.Merge(resource.thingId(), resource.pointer(), patch,
                TwinCommand.Origin.API, correlationId));
        if (resource.kind() == ThingResource.Kind.THING) {
            etag(ctx, event.revision());
        }
        ctx.status(204);
    }

    private void delete(Context ctx, ThingResource resource, String correlationId, ThingAccess access) {
        if (engine.twins().get(resource.thingId()).isPresent()) {
            ThingPolicyGate.replace(access, resource);
        }
        if (resource.kind() == ThingResource.Kind.THING
                && !preconditionsHold(ctx, engine.twins().get(resource.thingId()), false)) {
            return;
        }
        submit(new TwinCommand.Delete(resource.thingId(), resource.pointer(), TwinCommand.Origin.API, correlationId));
        ctx.status(204);
    }

    private void sendLive(Context ctx, ThingResource resource, String correlationId, ThingAccess access) {
        requireJson(ctx);
        JsonValue value = readJson(ctx);
        Thing target = engine.twins().get(resource.thingId())
                .orElseThrow(() -> ThingNotAccessibleException.newBuilder(resource.thingId()).build());
        ThingPolicyGate.replace(access, resource);
        DeviceCommand command = new DeviceCommand(resource.thingId(), resource.pointer(), value, correlationId);
        devices.send(command, target);
        LOG.debug("Live command {} sent to {} at {}", correlationId, resource.thingId(), resource.pointer());
        json(ctx, 202, JsonObject.newBuilder().set("correlationId", correlationId).build());
    }

    /**
     * A PUT needs WRITE on what it replaces; creating a thing, WRITE under the policy that will govern it; a new
     * policy id, WRITE under the new policy too. Writes below a thing that does not exist are left to the store's 404.
     */
    private static void checkWrite(ThingAccess access, ThingResource resource, Optional<Thing> current, JsonValue value) {
        if (access.isUnrestricted()) {
            return;
        }
        if (current.isEmpty()) {
            if (resource.kind() == ThingResource.Kind.THING) {
                ThingPolicyGate.create(access, resource.thingId(), policyId(value.asObject().getValue("policyId").orElseThrow()));
            }
            return;
        }
        ThingPolicyGate.replace(access, resource);
        Optional<PolicyId> next = resource.kind() == ThingResource.Kind.POLICY_ID ? Optional.of(policyId(value))
                : resource.kind() == ThingResource.Kind.THING ? value.asObject().getValue("policyId").map(ThingRoutes::policyId)
                : Optional.empty();
        if (next.isPresent() && !next.equals(current.get().getPolicyId())) {
            ThingPolicyGate.changePolicy(access, resource, next.get());
        }
    }

    /** A merge needs WRITE on every path the patch sets or removes, and under a new policy id if it sets one. */
    private void checkMerge(ThingAccess access, ThingResource resource, JsonValue patch) {
        Optional<Thing> current = engine.twins().get(resource.thingId());
        if (access.isUnrestricted() || current.isEmpty()) {
            return;
        }
        ThingPolicyGate.merge(access, resource, patch);
        Optional<PolicyId> next = resource.kind() == ThingResource.Kind.POLICY_ID ? Optional.of(policyId(patch))
                : resource.kind() == ThingResource.Kind.THING && patch.isObject()
                ? patch.asObject().getValue("policyId").filter(v -> !v.isNull()).map(ThingRoutes::policyId)
                : Optional.empty();
        if (next.isPresent() && !next.equals(current.get().getPolicyId())) {
            ThingPolicyGate.changePolicy(access, resource, next.get());
        }
    }

    /**
     * The body as the store should get it, checked with Ditto's own model so that a bad body fails with Ditto's
     * error (400) before it reaches the engine.
     */
    private static JsonValue validated(ThingResource resource, JsonValue body, Optional<Thing> current) {
        switch (resource.kind()) {
            case THING: {
                JsonObject thing = withDefaultPolicyId(requireObject(body, "a thing"), resource.thingId(), current);
                JsonObject withId = thing.contains("thingId") ? thing : thing.setValue("thingId", resource.thingId().toString());
                DittoJsonException.wrapJsonRuntimeException(() -> ThingsModelFactory.newThing(withId));
                return thing;
            }
            case POLICY_ID:
                return JsonValue.of(policyId(body).toString());
            case DEFINITION:
                if (!body.isNull()) {
                    if (!body.isString()) {
                        throw invalidJson("The definition of a thing must be a JSON string or null.");
                    }
                    ThingsModelFactory.newDefinition(body.asString());
                }
                return body;
            case ATTRIBUTES:
                return checkedObjectOrNull(body, "attributes", ThingsModelFactory::newAttributes);
            case FEATURES:
                return checkedObjectOrNull(body, "features", ThingsModelFactory::newFeatures);
            case FEATURE:
                return checkedObjectOrNull(body, "a feature",
                        o -> ThingsModelFactory.newFeatureBuilder(o).useId(resource.featureId()).build());
            case FEATURE_DEFINITION:
                if (!body.isNull()) {
                    if (!body.isArray()) {
                        throw invalidJson("A feature definition must be a JSON array of definition identifiers.");
                    }
                    DittoJsonException.wrapJsonRuntimeException(() -> ThingsModelFactory.newFeatureDefinition(body.asArray()));
                }
                return body;
            case FEATURE_PROPERTIES:
            case FEATURE_DESIRED_PROPERTIES:
                return checkedObjectOrNull(body, "feature properties", ThingsModelFactory::newFeatureProperties);
            default:
                return body;
        }
    }

    private static JsonValue checkedObjectOrNull(JsonValue body, String what,
                                                 java.util.function.Function<JsonObject, ?> check) {
        if (body.isNull()) {
            return body;
        }
        JsonObject object = requireObject(body, what);
        DittoJsonException.wrapJsonRuntimeException(() -> check.apply(object));
        return object;
    }

    /** Ditto gives a new thing a policy of its own id; a replaced thing keeps its policy unless the body names one. */
    private static JsonObject withDefaultPolicyId(JsonObject thing, ThingId id, Optional<Thing> current) {
        if (thing.contains("policyId")) {
            return thing;
        }
        String policyId = current.flatMap(Thing::getPolicyId).map(Object::toString).orElse(id.toString());
        return thing.setValue("policyId", policyId);
    }

    private static PolicyId policyId(JsonValue body) {
        return PolicyId.of(body.isString() ? body.asString() : body.toString());
    }

    // -------------------------------------------------------------------------------------------- search

    /** A search over the caller's views of the things it may read: filters and sorts see nothing else. */
    private ThingSearch searchFor(ThingAccess access) {
        return access.isUnrestricted() ? search : new ThingSearch(() -> access.visible(engine.twins().all()));
    }

    private void searchThings(Context ctx, boolean form) {
        ThingSearch.Page page = searchFor(callers.of(ctx)).query(filter(ctx, form), namespaces(param(ctx, "namespaces", form)),
                options(params(ctx, "option", form)), param(ctx, "fields", form));
        json(ctx, 200, page.toJson());
    }

    private void countThings(Context ctx, boolean form) {
        long count = searchFor(callers.of(ctx)).count(filter(ctx, form), namespaces(param(ctx, "namespaces", form)));
        json(ctx, 200, JsonValue.of(count));
    }

    /** The filter, and on POST the {@code condition}: our index is the twin store itself, so it is one more filter. */
    private static String filter(Context ctx, boolean form) {
        String filter = param(ctx, "filter", form);
        String condition = form ? param(ctx, "condition", true) : null;
        if (condition == null || condition.isBlank()) {
            return filter;
        }
        return filter == null ? condition : "and(" + filter + "," + condition + ")";
    }

    private static String param(Context ctx, String name, boolean form) {
        String value = form ? ctx.formParam(name) : null;
        return value != null ? value : ctx.queryParam(name);
    }

    private static List<String> params(Context ctx, String name, boolean form) {
        List<String> values = new ArrayList<>(ctx.queryParams(name));
        if (form) {
            values.addAll(ctx.formParams(name));
        }
        return values;
    }

    /** Ditto's Swagger UI sends one {@code option} parameter per line; all of them together are one option list. */
    private static String options(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static List<String> namespaces(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String ns : value.split(",")) {
            if (!ns.isBlank()) {
                result.add(ns.trim());
            }
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------- helpers

    private TwinEvent submit(TwinCommand command) {
        try {
            return engine.submit(command)
                    .orTimeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                throw new TwinGraphException("things:write.timeout", TwinGraphException.Kind.TIMEOUT,
                        "The engine did not apply the change to '" + command.thingId() + "' within "
                                + settings.writeTimeout().toMillis() + " ms.",
                        "Retry later; the change may still be applied (correlation id " + command.correlationId() + ").");
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new TwinGraphException("server:internal", TwinGraphException.Kind.INTERNAL,
                    "The engine failed: " + cause, "This is a bug; please report it.", cause);
        }
    }

    /**
     * Checks {@code If-Match} and {@code If-None-Match} against the thing's ETag. Writes that fail get 412; a read whose
     * {@code If-None-Match} matches gets 304 here and false is returned. The check runs on the snapshot before the
     * write is submitted, so it is not atomic with the write.
     */
    private static boolean preconditionsHold(Context ctx, Optional<Thing> current, boolean read) {
        String etag = current.map(t -> etagOf(revision(t))).orElse(null);
        String ifMatch = ctx.header("If-Match");
        if (ifMatch != null && !matches(ifMatch, etag)) {
            throw ThingPreconditionFailedException.newBuilder("If-Match", ifMatch, etag == null ? "" : etag).build();
        }
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            if (read) {
                ctx.header("ETag", etag);
                ctx.status(304);
                return false;
            }
            throw ThingPreconditionFailedException.newBuilder("If-None-Match", ifNoneMatch, etag).build();
        }
        return true;
    }

    private static boolean matches(String header, String etag) {
        if (etag == null) {
            return false;
        }
        for (String raw : header.split(",")) {
            String tag = raw.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if ("*".equals(tag) || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static long revision(Thing thing) {
        return thing.getRevision().map(r -> r.toLong()).orElse(0L);
    }

    private static String etagOf(long revision) {
        return "\"rev:" + revision + "\"";
    }

    private static void etag(Context ctx, long revision) {
        ctx.header("ETag", etagOf(revision));
    }

    private static JsonObject render(Thing thing, JsonFieldSelector fields) {
        return fields == null ? thing.toJson() : thing.toJson(JsonSchemaVersion.V_2, fields);
    }

    private static boolean isLive(Context ctx) {
        String query = ctx.queryParam("channel");
        String header = ctx.header("channel");
        return (query != null && "live".equalsIgnoreCase(query.trim()))
                || (header != null && "live".equalsIgnoreCase(header.trim()));
    }

    /** The client's correlation id (Ditto's header), or a new one; echoed in the response like Ditto does. */
    private static String correlationId(Context ctx) {
        String given = ctx.header(CORRELATION_ID);
        String id = given == null || given.isBlank() ? TwinCommand.newCorrelationId() : given.trim();
        ctx.header(CORRELATION_ID, id);
        return id;
    }

    private static String mediaType(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** PUT and POST take JSON; like Ditto, a missing content type and a few fallbacks are accepted. */
    private static void requireJson(Context ctx) {
        String mediaType = mediaType(ctx);
        if (mediaType != null && !JSON_MEDIA_TYPES.contains(mediaType)) {
            throw UnsupportedMediaTypeException.withDetailedInformationBuilder(mediaType, Set.of("application/json"))
                    .build();
        }
    }

    private JsonValue readJson(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > settings.maxBodyBytes()) {
            throw ThingTooLargeException.newBuilder(declared, settings.maxBodyBytes()).build();
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > settings.maxBodyBytes()) {
            throw ThingTooLargeException.newBuilder(body.length, settings.maxBodyBytes()).build();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        JsonValue value = DittoJsonException.wrapJsonRuntimeException(() -> JsonFactory.readFrom(text));
        // Ditto reads 1e400 as Infinity, which JSON cannot write: the twin and its journal entry would not read back
        if (!io.twingraph.twins.CommandValues.finite(value)) {
            throw invalidJson("The JSON has a number too large for a double (such as 1e400); twins hold finite numbers only.");
        }
        return value;
    }

    private static JsonObject requireObject(JsonValue value, String what) {
        if (!value.isObject()) {
            throw invalidJson("The JSON for " + what + " must be a JSON object, was: " + abbreviate(value.toString()));
        }
        return value.asObject();
    }

    private static DittoJsonException invalidJson(String message) {
        return new DittoJsonException(JsonParseException.newBuilder().message(message).build());
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static HttpResponseException methodNotAllowed(Context ctx, String allowed) {
        ctx.header("Allow", allowed);
        return new HttpResponseException(405, "Method " + ctx.method().name() + " is not allowed on " + ctx.path()
                + "; allowed: " + allowed + ".");
    }

    private static void json(Context ctx, int status, JsonValue value) {
        ctx.status(status).contentType("application/json").result(value.toString());
    }
}
