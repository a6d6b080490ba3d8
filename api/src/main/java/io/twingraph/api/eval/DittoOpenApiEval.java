package io.twingraph.api.eval;

import java.io.IOException;
import java.io.PrintWriter;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.things.ThingRoutes;
import io.twingraph.engine.TwinGraphEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twingraph eval ditto-openapi [DIR]}: exercises TwinGraph's things API against Ditto's own OpenAPI document
 * ({@code openapi/ditto-api-2.yml}). Every operation under {@code /api/2/things/**} and {@code /api/2/search/things**}
 * gets one valid request built from the spec's path, required parameters and request body example, sent to an
 * in-process server (the real {@link ThingRoutes} on an in-memory engine) after the test thing has been reset to one
 * built from the spec's own thing example. The status must be one the spec documents for the operation, and a body
 * the spec declares as JSON must parse as JSON.
 *
 * <p>Operations the server answers with 501 (Ditto messages, inbox claims, definition migration) are UNSUPPORTED.
 * Exit code 0 when nothing failed, 1 when something did, 2 when the document is missing or unreadable.
 */
@Command(name = "ditto-openapi", mixinStandardHelpOptions = true,
        description = "Exercise every /api/2/things and /api/2/search/things operation of Ditto's OpenAPI document "
                + "against an in-process TwinGraph server.")
public final class DittoOpenApiEval implements Callable<Integer> {
    static final String DOCUMENT = "openapi/ditto-api-2.yml";
    private static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");
    private static final String THING_ID = "org.eclipse.ditto.eval:coffeebrewer";
    /** Parameters the things API implements; all others are accepted and ignored (listed in the report). */
    private static final Set<String> IMPLEMENTED_PARAMETERS = Set.of("thingId", "featureId", "attributePath",
            "propertyPath", "fields", "ids", "namespaces", "namespace", "filter", "option", "channel", "If-Match",
            "If-None-Match");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new JsonMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "../shared/data/ditto",
            description = "Directory with " + DOCUMENT + " from github.com/eclipse-ditto/ditto (default: ${DEFAULT-VALUE}).")
    private Path directory;

    @Spec
    private CommandSpec spec;

    /** One operation's outcome. */
    record Outcome(String method, String path, String verdict, String detail) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path document = directory.resolve(DOCUMENT);
        if (!Files.isRegularFile(document)) {
            err.println("No Ditto OpenAPI document at " + document.toAbsolutePath().normalize() + " (from "
                    + "github.com/eclipse-ditto/ditto, documentation/src/main/resources/openapi/). Give the directory "
                    + "that holds " + DOCUMENT + " as argument.");
            err.flush();
            return 2;
        }
        Map<String, Object> openApi;
        try {
            openApi = map(YAML.readValue(Files.readString(document, StandardCharsets.UTF_8), Object.class));
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read " + document + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        OpenApi openApiSpec = new OpenApi(openApi);
        List<Outcome> outcomes = new ArrayList<>();
        List<Outcome> allChecks = new ArrayList<>();
        Set<String> ignoredParameters = new TreeSet<>();
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(Clock.systemUTC());
             HttpServer server = HttpServer.start("127.0.0.1", 0,
                     List.of(new ThingRoutes(engine, (command, target) -> { }, ThingRoutes.Settings.DEFAULTS)))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            Fixture fixture = Fixture.from(openApiSpec);
            out.println("Exercising the /api/2/things and /api/2/search/things operations of "
                    + document.toAbsolutePath().normalize() + " against " + base);
            for (Map.Entry<String, Object> path : openApiSpec.paths().entrySet()) {
                if (!path.getKey().startsWith(ThingRoutes.THINGS) && !path.getKey().startsWith(ThingRoutes.SEARCH)) {
                    continue;
                }
                Map<String, Object> operations = map(path.getValue());
                for (String method : METHODS) {
                    if (operations.containsKey(method)) {
                        Map<String, Object> operation = map(operations.get(method));
                        List<Outcome> checks = new ArrayList<>();
                        for (Variant variant : Variant.values()) {
                            if (!checks.isEmpty() && "UNSUPPORTED".equals(checks.get(0).verdict())) {
                                break;
                            }
                            if (variant.appliesTo(openApiSpec, method, path.getKey(), operations, operation)) {
                                Outcome check = exercise(client, base, openApiSpec, fixture, variant, method,
                                        path.getKey(), operations, operation);
                                checks.add(check);
                                out.printf("%-11s %-6s %s (%s)  %s%n", check.verdict(), method.toUpperCase(),
                                        check.path(), variant.label, check.detail());
                            }
                        }
                        allChecks.addAll(checks);
                        String verdict = checks.stream().anyMatch(c -> "FAIL".equals(c.verdict())) ? "FAIL"
                                : checks.get(0).verdict();
                        outcomes.add(new Outcome(method, path.getKey(), verdict, checks.size() + " checks"));
                        if (!"UNSUPPORTED".equals(verdict)) {
                            openApiSpec.parameters(operations, operation).stream()
                                    .map(p -> String.valueOf(p.get("name")))
                                    .filter(name -> !IMPLEMENTED_PARAMETERS.contains(name))
                                    .forEach(ignoredParameters::add);
                        }
                    }
                }
            }
        }
        long pass = outcomes.stream().filter(o -> "PASS".equals(o.verdict())).count();
        long fail = outcomes.stream().filter(o -> "FAIL".equals(o.verdict())).count();
        long unsupported = outcomes.stream().filter(o -> "UNSUPPORTED".equals(o.verdict())).count();
        out.println();
        out.println("== Summary");
        out.printf("%d operations: %d PASS, %d FAIL, %d UNSUPPORTED; %s of the supported operations pass, %s of all%n",
                outcomes.size(), pass, fail, unsupported, DittoProtocolEval.percent(pass, pass + fail),
                DittoProtocolEval.percent(pass, outcomes.size()));
        long checkPass = allChecks.stream().filter(o -> "PASS".equals(o.verdict())).count();
        long checkFail = allChecks.stream().filter(o -> "FAIL".equals(o.verdict())).count();
        out.printf("%d requests (valid, create-by-PUT, missing thing, malformed body): %d PASS, %d FAIL (%s)%n",
                allChecks.size() - unsupported, checkPass, checkFail, DittoProtocolEval.percent(checkPass, checkPass + checkFail));
        out.println("per operation: PASS when every request for it passed");
        out.println("unsupported operations: " + outcomes.stream().filter(o -> "UNSUPPORTED".equals(o.verdict()))
                .map(o -> o.method().toUpperCase() + " " + o.path()).toList());
        out.println("parameters accepted but ignored: " + ignoredParameters);
        out.println("not supported at all: policies (/api/2/policies, inline _policy and _copyPolicyFrom are dropped), "
                + "messages and claims (inbox/outbox), migrateDefinition, WoT (application/td+json, /.well-known/wot), "
                + "_metadata and metadata headers, conditional requests on sub-resources (hash: ETags), "
                + "the condition and live-channel-condition parameters, acknowledgements (requested-acks), "
                + "connections, devops, cloudevents, whoami, checkPermissions.");
        out.flush();
        return fail == 0 ? 0 : 1;
    }

    /** The requests made for each operation. */
    enum Variant {
        /** A valid request on the test thing. */
        VALID("valid"),
        /** PUT of a resource that does not exist yet (deleted first): 201 with the created entity. */
        CREATE("create"),
        /** Any request below a thing that does not exist: 404 with Ditto's error. */
        MISSING_THING("missing thing"),
        /** A body that is not JSON: 400 with Ditto's error. */
        MALFORMED_BODY("malformed body");

        final String label;

        Variant(String label) {
            this.label = label;
        }

        boolean appliesTo(OpenApi spec, String method, String template, Map<String, Object> pathItem,
                          Map<String, Object> operation) {
            boolean thingPath = template.contains("{thingId}");
            switch (this) {
                case CREATE:
                    return "put".equals(method) && pathItem.containsKey("delete");
                case MISSING_THING:
                    return thingPath && !("put".equals(method) && template.equals(ThingRoutes.THINGS + "/{thingId}"));
                case MALFORMED_BODY:
                    return spec.requestBody(operation, method).filter(b -> b.contentType().contains("json")).isPresent();
                default:
                    return true;
            }
        }
    }

    private static Outcome exercise(HttpClient client, String base, OpenApi spec, Fixture fixture, Variant variant,
                                    String method, String template, Map<String, Object> pathItem,
                                    Map<String, Object> operation) {
        String path = fixture.fill(template);
        try {
            fixture.reset(client, base);
            if (variant == Variant.CREATE) {
                fixture.delete(client, base + path);
            } else if (variant == Variant.MISSING_THING) {
                fixture.delete(client, base + ThingRoutes.THINGS + "/" + THING_ID);
            }
        } catch (IOException | RuntimeException e) {
            return new Outcome(method, template, "FAIL", "cannot reset the test thing: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(method, template, "FAIL", "interrupted");
        }
        StringBuilder query = new StringBuilder();
        for (Map<String, Object> parameter : spec.parameters(pathItem, operation)) {
            if ("query".equals(parameter.get("in")) && Boolean.TRUE.equals(parameter.get("required"))) {
                Object example = Optional.ofNullable(parameter.get("example"))
                        .orElse(map(parameter.get("schema")).get("example"));
                query.append(query.length() == 0 ? "?" : "&").append(parameter.get("name")).append('=')
                        .append(URLEncoder.encode(String.valueOf(example), StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + query))
                .timeout(Duration.ofSeconds(30));
        Optional<Body> body = spec.requestBody(operation, method);
        if (variant == Variant.MALFORMED_BODY) {
            body = body.map(b -> new Body(b.contentType(), "{\"not\": json", "malformed"));
        }
        if (body.isPresent()) {
            request.header("Content-Type", body.get().contentType())
                    .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString(body.get().text()));
        } else {
            request.method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Outcome(method, template, "FAIL", "request failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(method, template, "FAIL", "interrupted");
        }
        int status = response.statusCode();
        String sent = method.toUpperCase() + " " + path + query + body.map(b -> " [" + b.contentType() + " " + b.source() + "]").orElse("");
        if (status == 501) {
            return new Outcome(method, template, "UNSUPPORTED", "501 from TwinGraph: " + abbreviate(response.body()));
        }
        Map<String, Object> responses = map(operation.get("responses"));
        Map<String, Object> documented = spec.response(responses, status);
        if (documented == null) {
            return new Outcome(method, template, "FAIL", "status " + status + " is not documented " + responses.keySet()
                    + " for " + sent + ": " + abbreviate(response.body()));
        }
        Integer required = variant == Variant.CREATE ? Integer.valueOf(201) : variant == Variant.MISSING_THING
                ? Integer.valueOf(404) : variant == Variant.MALFORMED_BODY ? Integer.valueOf(400) : null;
        if (required != null && status != required) {
            return new Outcome(method, template, "FAIL", "expected " + required + ", got " + status + " for " + sent
                    + ": " + abbreviate(response.body()));
        }
        if (variant == Variant.CREATE && map(documented.get("headers")).containsKey("Location")
                && response.headers().firstValue("Location").isEmpty()) {
            return new Outcome(method, template, "FAIL", "201 without the documented Location header for " + sent);
        }
        boolean json = map(documented.get("content")).keySet().stream().anyMatch(t -> t.contains("json"));
        if (json && !response.body().isEmpty()) {
            try {
                JsonFactory.readFrom(response.body());
            } catch (RuntimeException e) {
                return new Outcome(method, template, "FAIL", "status " + status + " but the body is not JSON: "
                        + abbreviate(response.body()));
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!contentType.contains("json")) {
                return new Outcome(method, template, "FAIL", "status " + status + " with JSON body but Content-Type '"
                        + contentType + "'");
            }
        }
        return new Outcome(method, template, "PASS", status + " for " + sent);
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A request body: its content type, text and where it came from. */
    record Body(String contentType, String text, String source) {
    }

    /** Reads the parts of the OpenAPI document the evaluation needs, resolving local {@code $ref}s. */
    static final class OpenApi {
        private final Map<String, Object> document;

        OpenApi(Map<String, Object> document) {
            this.document = document;
        }

        Map<String, Object> paths() {
            return map(document.get("paths"));
        }

        Map<String, Object> resolve(Object value) {
            Map<String, Object> node = map(value);
            int guard = 0;
            while (node.containsKey("$ref") && guard++ < 10) {
                String ref = String.valueOf(node.get("$ref"));
                if (!ref.startsWith("#/")) {
                    return node;
                }
                Object target = document;
                for (String part : ref.substring(2).split("/")) {
                    target = map(target).get(part.replace("~1", "/").replace("~0", "~"));
                }
                node = map(target);
            }
            return node;
        }

        List<Map<String, Object>> parameters(Map<String, Object> pathItem, Map<String, Object> operation) {
            List<Map<String, Object>> result = new ArrayList<>();
            for (Object source : List.of(pathItem.getOrDefault("parameters", List.of()),
                    operation.getOrDefault("parameters", List.of()))) {
                if (source instanceof List<?> list) {
                    list.forEach(p -> result.add(resolve(p)));
                }
            }
            return result;
        }

        /** The response the spec documents for a status (exact code, then {@code 2XX}-style ranges, then default). */
        Map<String, Object> response(Map<String, Object> responses, int status) {
            for (String key : List.of(String.valueOf(status), (status / 100) + "XX", "default")) {
                if (responses.containsKey(key)) {
                    return resolve(responses.get(key));
                }
            }
            return null;
        }

        /**
         * A valid body for the operation: the content type fitting the method (merge patch for PATCH, JSON else, a form
         * for search), and its example; without one, the schema's example.
         */
        Optional<Body> requestBody(Map<String, Object> operation, String method) {
            if (!operation.containsKey("requestBody")) {
                return Optional.empty();
            }
            Map<String, Object> content = map(resolve(operation.get("requestBody")).get("content"));
            if (content.isEmpty()) {
                return Optional.empty();
            }
            String type = content.keySet().stream()
                    .filter(t -> "patch".equals(method) ? t.equals("application/merge-patch+json") : t.contains("json")
                            || t.equals("application/x-www-form-urlencoded"))
                    .findFirst().orElse(content.keySet().iterator().next());
            Map<String, Object> media = map(content.get(type));
            Object example = media.get("example");
            String source = "example";
            if (example == null && media.get("examples") instanceof Map<?, ?> examples && !examples.isEmpty()) {
                example = map(examples.values().iterator().next()).get("value");
            }
            if (example == null) {
                example = resolve(media.get("schema")).get("example");
                source = "schema example";
            }
            if (example == null) {
                example = Map.of();
                source = "empty object (no example)";
            }
            if ("application/x-www-form-urlencoded".equals(type)) {
                StringBuilder form = new StringBuilder();
                map(example).forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(k).append('=')
                        .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
                return Optional.of(new Body(type, form.toString(), source));
            }
            return Optional.of(new Body(type, jsonText(example), source));
        }

        /** Examples given as strings hold JSON text ({@code '"example:test:definition"'}); others are YAML values. */
        private static String jsonText(Object example) {
            if (example instanceof String text) {
                try {
                    return JsonFactory.readFrom(text).toString();
                } catch (RuntimeException e) {
                    return JsonValue.of(text).toString();
                }
            }
            try {
                return JSON.writeValueAsString(example);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("example cannot be written as JSON: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The thing every operation starts from: the spec's own example of a new thing (POST /api/2/things), with the
     * properties of its first feature copied to its desired properties so that every sub-resource exists. Path
     * parameters are filled with resources of that thing.
     */
    record Fixture(JsonObject thing, String featureId, String propertyPath, String attributePath) {

        static Fixture from(OpenApi spec) {
            Map<String, Object> post = map(map(spec.paths().get(ThingRoutes.THINGS)).get("post"));
            JsonObject example = spec.requestBody(post, "post").map(b -> JsonFactory.newObject(b.text()))
                    .orElse(JsonObject.empty());
            String featureId = null;
            String property = "value";
            JsonObject features = example.getValue("features").filter(JsonValue::isObject).map(JsonValue::asObject)
                    .orElse(JsonObject.empty());
            for (var feature : features) {
                if (feature.getValue().isObject() && feature.getValue().asObject().contains("definition")) {
                    featureId = feature.getKeyName();
                    break;
                }
            }
            if (featureId == null) {
                featureId = "feature";
                example = example.setValue("/features/feature", JsonFactory.newObject(
                        "{\"definition\":[\"org.eclipse.ditto:feature:1.0.0\"],\"properties\":{\"value\":1}}"));
            }
            JsonObject properties = example.getValue("/features/" + featureId + "/properties")
                    .filter(JsonValue::isObject).map(JsonValue::asObject).orElse(JsonObject.empty());
            if (properties.isEmpty()) {
                properties = JsonFactory.newObject("{\"value\":1}");
                example = example.setValue("/features/" + featureId + "/properties", properties);
            }
            property = properties.getKeys().get(0).toString();
            example = example.setValue("/features/" + featureId + "/desiredProperties", properties);
            JsonObject attributes = example.getValue("attributes").filter(JsonValue::isObject).map(JsonValue::asObject)
                    .orElse(JsonObject.empty());
            if (attributes.isEmpty()) {
                attributes = JsonFactory.newObject("{\"name\":\"eval\"}");
                example = example.setValue("attributes", attributes);
            }
            return new Fixture(example, featureId, property, attributes.getKeys().get(0).toString());
        }

        String fill(String template) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("{thingId}", THING_ID);
            values.put("{featureId}", featureId);
            values.put("{propertyPath}", propertyPath);
            values.put("{attributePath}", attributePath);
            values.put("{messageSubject}", "eval-subject");
            String path = template;
            for (Map.Entry<String, String> value : values.entrySet()) {
                path = path.replace(value.getKey(), URLEncoder.encode(value.getValue(), StandardCharsets.UTF_8)
                        .replace("%3A", ":").replace("+", "%20"));
            }
            return path;
        }

        void delete(HttpClient client, String url) throws IOException, InterruptedException {
            client.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }

        void reset(HttpClient client, String base) throws IOException, InterruptedException {
            String url = base + ThingRoutes.THINGS + "/" + THING_ID;
            client.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(thing.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 201) {
                throw new IllegalStateException("PUT of the test thing answered " + put.statusCode() + ": " + put.body());
            }
        }
    }
}
