package io.twingraph.api.things;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.twingraph.api.http.HttpServer;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.DeviceCommand;

/** Ditto's HTTP API 2 for things, over a real socket, against an in-memory engine. */
class ThingRoutesTest {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final List<DeviceCommand> SENT = new CopyOnWriteArrayList<>();
    private static final List<Thing> SENT_TARGETS = new CopyOnWriteArrayList<>();

    private static TwinGraphEngine engine;
    private static HttpServer server;
    private static HttpClient client;
    private static String base;

    @BeforeAll
    static void start() {
        engine = TwinGraphEngine.inMemory(Clock.systemUTC());
        DeviceCommandSender sender = (command, target) -> {
            SENT.add(command);
            SENT_TARGETS.add(target);
        };
        server = HttpServer.start("127.0.0.1", 0, List.of(new ThingRoutes(engine, sender)));
        client = HttpClient.newHttpClient();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    // ------------------------------------------------------------------------------------------ plumbing

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonValue json() {
            return JsonFactory.readFrom(body);
        }

        JsonObject object() {
            return json().asObject();
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        List<String> headers(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        String error() {
            return object().getValue("error").map(JsonValue::asString).orElse(null);
        }
    }

    private static Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    private static Response put(String path, String json, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return send("PUT", path, json, all.toArray(String[]::new));
    }

    private static Response patch(String path, String json) {
        return send("PATCH", path, json, "Content-Type", "application/merge-patch+json");
    }

    private static Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    private static String newId(String namespace) {
        return namespace + ":thing-" + IDS.incrementAndGet();
    }

    private static String coffeeBrewer() {
        try (InputStream in = ThingRoutesTest.class.getResourceAsStream("/things/coffeebrewer.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String createCoffeeBrewer() {
        String id = newId("org.acme");
        assertThat(put("/api/2/things/" + id, coffeeBrewer()).status()).isEqualTo(201);
        return id;
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void assertDittoError(Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonObject json = response.object();
        assertThat(json.getValue("status")).contains(JsonValue.of(status));
        assertThat(json.getValue("error")).contains(JsonValue.of(error));
        assertThat(json.getValue("message").map(JsonValue::asString)).isPresent().get().asString().isNotBlank();
        assertThat(json.getValue("description")).isPresent();
    }

    // -------------------------------------------------------------------------------------------- things

    @Test
    void puttingANewThingAnswers201WithLocationEtagAndTheThingAndPuttingItAgainAnswers204() {
        String id = newId("org.acme");
        Response created = put("/api/2/things/" + id, coffeeBrewer());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/2/things/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"rev:1\"");
        assertThat(created.object().getValue("thingId")).contains(JsonValue.of(id));
        assertThat(created.object().getValue("policyId")).contains(JsonValue.of(id));
        assertThat(created.object().getValue("attributes/serialno")).contains(JsonValue.of("42"));

        Response replaced = put("/api/2/things/" + id, "{\"attributes\":{\"serialno\":\"43\"}}");
        assertThat(replaced.status()).isEqualTo(204);
        assertThat(replaced.body()).isEmpty();

        Response read = get("/api/2/things/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"rev:2\"");
        assertThat(read.object().getValue("attributes")).contains(JsonFactory.readFrom("{\"serialno\":\"43\"}"));
        assertThat(read.object().getValue("policyId")).as("a replaced thing keeps its policy").contains(JsonValue.of(id));
        assertThat(read.object().contains("features")).isFalse();
    }

    @Test
    void aNumberTooLargeForADoubleIsRefusedAndTheTwinKeepsItsValue() {
        String id = newId("org.acme");
        assertThat(put("/api/2/things/" + id, coffeeBrewer()).status()).isEqualTo(201);

        Response refused = put("/api/2/things/" + id + "/attributes/serialno", "1e400");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("too large for a double");
        assertThat(put("/api/2/things/" + id + "/attributes", "{\"nested\":[1, 2e999]}").status()).isEqualTo(400);

        assertThat(get("/api/2/things/" + id).object().getValue("attributes/serialno")).contains(JsonValue.of("42"));
    }

    @Test
    void postingCreatesAThingWithAGeneratedIdInTheGivenOrDefaultNamespace() {
        Response inAcme = send("POST", "/api/2/things?namespace=org.acme", "{\"attributes\":{\"x\":1}}",
                "Content-Type", "application/json");
        assertThat(inAcme.status()).isEqualTo(201);
        String id = inAcme.object().getValue("thingId").orElseThrow().asString();
        assertThat(id).startsWith("org.acme:");
        assertThat(inAcme.header("Location")).isEqualTo("/api/2/things/" + id);
        assertThat(get("/api/2/things/" + id + "/attributes/x").json()).isEqualTo(JsonValue.of(1));

        Response inDefault = send("POST", "/api/2/things", "{}", "Content-Type", "application/json");
        assertThat(inDefault.status()).isEqualTo(201);
        assertThat(inDefault.object().getValue("thingId").orElseThrow().asString()).startsWith("twingraph:");

        assertDittoError(send("POST", "/api/2/things", "{\"thingId\":\"a:b\"}", "Content-Type", "application/json"),
                400, "things:id.notsettable");
        assertDittoError(send("POST", "/api/2/things?channel=live", "{}"), 405, "things:thing.notcreatable");
    }

    @Test
    void gettingThingsByIdsKeepsTheOrderAskedForAndLeavesOutMissingOnes() {
        String a = createCoffeeBrewer();
        String b = createCoffeeBrewer();
        Response both = get("/api/2/things?ids=" + b + "," + newId("org.acme") + "," + a + "&fields=thingId");
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json()).isEqualTo(JsonFactory.readFrom(
                "[{\"thingId\":\"" + b + "\"},{\"thingId\":\"" + a + "\"}]"));
        assertDittoError(get("/api/2/things?ids="), 400, "things:things.ids.missing");
        assertDittoError(get("/api/2/things?ids=no-namespace"), 400, "things:id.invalid");
    }

    @Test
    void gettingThingsWithoutIdsPagesThroughAllThingsLikeNewerDitto() {
        String ns = "list" + IDS.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            put("/api/2/things/" + ns + ":t" + i, "{}");
        }
        Response page = get("/api/2/things?namespaces=" + ns + "&option=size(2)");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().asArray().getSize()).isEqualTo(2);
        String next = page.headers("Link").stream().filter(l -> l.endsWith("rel=\"next\"")).findFirst().orElseThrow();
        Response rest = get(next.substring(next.indexOf('<') + 1, next.indexOf('>')));
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        assertThat(rest.json()).isEqualTo(JsonFactory.readFrom("[{\"thingId\":\"" + ns + ":t2\",\"policyId\":\"" + ns + ":t2\"}]"));
        assertThat(rest.headers("Link")).noneMatch(l -> l.contains("rel=\"next\""));
    }

    @Test
    void everySubResourceCanBeRead() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        assertThat(get(t + "/thingId").json()).isEqualTo(JsonValue.of(id));
        assertThat(get(t + "/policyId").json()).isEqualTo(JsonValue.of(id));
        assertThat(get(t + "/definition").json()).isEqualTo(JsonValue.of("com.acme:coffeebrewer:0.1.0"));
        assertThat(get(t + "/attributes").object().getValue("model")).contains(JsonValue.of("Speaking coffee machine"));
        assertThat(get(t + "/attributes/address/city").json()).isEqualTo(JsonValue.of("Berlin"));
        assertThat(get(t + "/features").object().getKeys()).hasSize(2);
        assertThat(get(t + "/features/coffee-brewer").object().getValue("properties/brewed-coffees"))
                .contains(JsonValue.of(0));
        assertThat(get(t + "/features/coffee-brewer/definition").json())
                .isEqualTo(JsonFactory.readFrom("[\"com.acme:coffeebrewer:0.1.0\"]"));
        assertThat(get(t + "/features/water-tank/properties").object().getValue("status/waterAmount"))
                .contains(JsonValue.of(731));
        assertThat(get(t + "/features/water-tank/properties/configuration/brewingTemp").json()).isEqualTo(JsonValue.of(87));
        assertThat(get(t + "/features/water-tank/desiredProperties").object().getValue("configuration/brewingTemp"))
                .contains(JsonValue.of(90));
        assertThat(get(t + "/features/water-tank/desiredProperties/configuration/brewingTemp").json())
                .isEqualTo(JsonValue.of(90));
    }

    @Test
    void missingResourcesAnswerDittosNotFoundErrors() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        assertDittoError(get("/api/2/things/" + newId("org.acme")), 404, "things:thing.notfound");
        assertDittoError(get(t + "/attributes/nope"), 404, "things:attribute.notfound");
        assertDittoError(get(t + "/features/nope"), 404, "things:feature.notfound");
        assertDittoError(get(t + "/features/nope/properties/x"), 404, "things:feature.notfound");
        assertDittoError(get(t + "/features/coffee-brewer/properties/nope"), 404, "things:feature.property.notfound");
        assertDittoError(get(t + "/features/coffee-brewer/desiredProperties"), 404,
                "things:feature.desiredProperties.notfound");
        assertDittoError(get(t + "/features/water-tank/definition"), 404, "things:feature.definition.notfound");
        assertDittoError(delete(t + "/attributes/nope"), 404, "things:attribute.notfound");
    }

    @Test
    void puttingASubResourceAnswers201WithLocationWhenItIsNewAnd204WhenItIsReplaced() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        Map<String, String> resources = Map.of(
                "/attributes/room", "\"kitchen\"",
                "/attributes/a%20b", "1",
                "/features/lamp", "{\"properties\":{\"on\":false}}",
                "/features/coffee-brewer/properties/temperature", "92.5",
                "/features/coffee-brewer/desiredProperties", "{\"temperature\":95}",
                "/features/water-tank/definition", "[\"com.acme:tank:1.0.0\"]");
        resources.forEach((path, json) -> {
            Response created = put(t + path, json);
            assertThat(created.status()).as(path + " " + created.body()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo(t + path);
            assertThat(created.json()).isEqualTo(JsonFactory.readFrom(json));
            assertThat(get(t + path).json()).isEqualTo(JsonFactory.readFrom(json));
            assertThat(put(t + path, json).status()).as(path).isEqualTo(204);
        });
        assertThat(get(t + "/attributes").object().getValue(JsonPointer.of("/a b"))).contains(JsonValue.of(1));
        assertThat(put(t + "/definition", "\"com.acme:coffeebrewer:0.2.0\"").status()).isEqualTo(204);
        assertThat(put(t + "/policyId", "\"org.acme:other-policy\"").status()).isEqualTo(204);
        assertThat(get(t + "/policyId").json()).isEqualTo(JsonValue.of("org.acme:other-policy"));
        assertThat(put(t + "/attributes", "{\"only\":true}").status()).isEqualTo(204);
        assertThat(get(t + "/attributes").json()).isEqualTo(JsonFactory.readFrom("{\"only\":true}"));
    }

    @Test
    void invalidSubResourceBodiesAreRefusedWithDittosErrors() {
        String t = "/api/2/things/" + createCoffeeBrewer();
        assertDittoError(put(t + "/attributes", "[1,2]"), 400, "json.invalid");
        assertDittoError(put(t + "/features/coffee-brewer/definition", "[]"), 400, "things:feature.definition.empty");
        assertDittoError(put(t + "/definition", "\"not a definition\""), 400, "things:definition.identifier.invalid");
        assertDittoError(put(t + "/policyId", "\"nonamespace\""), 400, "policies:id.invalid");
        assertDittoError(put(t, "{\"thingId\":\"org.acme:someone-else\"}"), 400, "things:id.notsettable");
    }

    @Test
    void patchMergesWithMergePatchJsonAndRefusesOtherContentTypesWith415() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        Response merged = patch(t, "{\"attributes\":{\"model\":null,\"color\":\"red\"},"
                + "\"features\":{\"water-tank\":{\"properties\":{\"status\":{\"waterAmount\":500}}}}}");
        assertThat(merged.status()).isEqualTo(204);
        JsonObject thing = get(t).object();
        assertThat(thing.getValue("attributes/model")).isEmpty();
        assertThat(thing.getValue("attributes/color")).contains(JsonValue.of("red"));
        assertThat(thing.getValue("features/water-tank/properties/status/waterAmount")).contains(JsonValue.of(500));
        assertThat(thing.getValue("features/water-tank/properties/status/temperature")).contains(JsonValue.of(44));

        assertThat(patch(t + "/features/coffee-brewer/properties/brewed-coffees", "3").status()).isEqualTo(204);
        assertThat(get(t + "/features/coffee-brewer/properties/brewed-coffees").json()).isEqualTo(JsonValue.of(3));

        assertDittoError(send("PATCH", t + "/attributes", "{\"a\":1}", "Content-Type", "application/json"),
                415, "mediatype.unsupported");
        assertDittoError(patch(t, "null"), 400, "things:merge.invalid");
        assertDittoError(patch("/api/2/things/" + newId("org.acme"), "{}"), 404, "things:thing.notfound");
    }

    @Test
    void deleteAnswers204AndTheResourceIsGone() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        assertThat(delete(t + "/features/water-tank/properties/status").status()).isEqualTo(204);
        assertDittoError(get(t + "/features/water-tank/properties/status"), 404, "things:feature.property.notfound");
        assertThat(delete(t + "/attributes").status()).isEqualTo(204);
        assertDittoError(get(t + "/attributes"), 404, "things:attributes.notfound");
        assertThat(delete(t).status()).isEqualTo(204);
        assertDittoError(get(t), 404, "things:thing.notfound");
    }

    @Test
    void fieldsSelectPartsOfThingsAndFeatures() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        JsonObject thing = get(t + "?fields=" + q("thingId,attributes/address(city),_revision")).object();
        assertThat(thing).isEqualTo(JsonFactory.newObject(
                "{\"thingId\":\"" + id + "\",\"attributes\":{\"address\":{\"city\":\"Berlin\"}},\"_revision\":1}"));
        JsonObject feature = get(t + "/features/water-tank?fields=" + q("properties/status/temperature")).object();
        assertThat(feature).isEqualTo(JsonFactory.newObject("{\"properties\":{\"status\":{\"temperature\":44}}}"));
        assertDittoError(get(t + "?fields=" + q("attributes(")), 400, "json.fieldselector.invalid");
    }

    @Test
    void badRequestsGetDittosErrorsForJsonIdsSizeAndMediaType() {
        String t = "/api/2/things/" + createCoffeeBrewer();
        assertDittoError(put(t + "/attributes/x", "{not json"), 400, "json.invalid");
        assertDittoError(get("/api/2/things/no-namespace"), 400, "things:id.invalid");
        assertDittoError(put("/api/2/things/no-namespace", "{}"), 400, "things:id.invalid");
        String large = "\"" + "x".repeat(200 * 1024) + "\"";
        assertDittoError(put(t + "/attributes/large", large), 413, "things:thing.toolarge");
        assertDittoError(send("PUT", t + "/attributes/x", "1", "Content-Type", "text/xml"), 415, "mediatype.unsupported");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        String t = "/api/2/things/" + createCoffeeBrewer();
        assertThat(get(t + "/nope").status()).isEqualTo(404);
        Response notAllowed = delete(t + "/policyId");
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.header("Allow")).contains("GET", "PUT", "PATCH");
        assertThat(send("POST", t + "/attributes", "{}").status()).isEqualTo(405);
        assertThat(get(t + "/inbox/messages/hello").status()).isEqualTo(501);
    }

    @Test
    void conditionalRequestsUseTheRevisionEtag() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        assertDittoError(put(t, "{}", "If-Match", "\"rev:7\""), 412, "things:precondition.failed");
        assertDittoError(put(t, "{}", "If-None-Match", "*"), 412, "things:precondition.failed");
        Response notModified = get(t, "If-None-Match", "\"rev:1\"");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("ETag")).isEqualTo("\"rev:1\"");
        assertThat(put(t, "{}", "If-Match", "\"rev:1\"").status()).isEqualTo(204);
        assertThat(get(t, "If-None-Match", "\"rev:1\"").status()).isEqualTo(200);
        String fresh = "/api/2/things/" + newId("org.acme");
        assertDittoError(put(fresh, "{}", "If-Match", "*"), 412, "things:precondition.failed");
        assertThat(put(fresh, "{}", "If-None-Match", "*").status()).isEqualTo(201);
    }

    @Test
    void aLivePutOnAFeaturePropertySendsADeviceCommandAndLeavesTheTwinAlone() {
        String id = createCoffeeBrewer();
        String t = "/api/2/things/" + id;
        Response accepted = put(t + "/features/water-tank/properties/configuration/brewingTemp?channel=live", "92",
                "correlation-id", "brew-1");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json()).isEqualTo(JsonFactory.readFrom("{\"correlationId\":\"brew-1\"}"));
        DeviceCommand sent = SENT.stream().filter(c -> c.correlationId().equals("brew-1")).findFirst().orElseThrow();
        assertThat(sent.thingId().toString()).isEqualTo(id);
        assertThat(sent.path().toString()).isEqualTo("/features/water-tank/properties/configuration/brewingTemp");
        assertThat(sent.value()).isEqualTo(JsonValue.of(92));
        assertThat(SENT_TARGETS.get(SENT.indexOf(sent)).getEntityId().orElseThrow().toString()).isEqualTo(id);
        assertThat(get(t + "/features/water-tank/properties/configuration/brewingTemp").json()).isEqualTo(JsonValue.of(87));

        Response byHeader = put(t + "/features/coffee-brewer/properties/brewed-coffees", "1", "channel", "live");
        assertThat(byHeader.status()).isEqualTo(202);
        String correlationId = byHeader.object().getValue("correlationId").orElseThrow().asString();
        assertThat(SENT).anyMatch(c -> c.correlationId().equals(correlationId));

        assertDittoError(put(t + "/attributes/x?channel=live", "1"), 400, "things:channel.live.unsupported");
        assertDittoError(put("/api/2/things/" + newId("org.acme") + "/features/f/properties/p?channel=live", "1"),
                404, "things:thing.notfound");
    }

    // -------------------------------------------------------------------------------------------- search

    private static List<String> searchIds(String query) {
        Response response = get("/api/2/search/things?" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.object().getValue("items").orElseThrow().asArray()
                .forEach(item -> ids.add(item.asObject().getValue("thingId").orElseThrow().asString()));
        return ids;
    }

    private static String seedHome() {
        String ns = "home" + IDS.incrementAndGet();
        put("/api/2/things/" + ns + ":kitchen-lamp", "{\"attributes\":{\"name\":\"Kitchen lamp\",\"room\":\"kitchen\"},"
                + "\"features\":{\"light\":{\"properties\":{\"on\":true,\"brightness\":80}}}}");
        put("/api/2/things/" + ns + ":hall-lamp", "{\"attributes\":{\"name\":\"Hall lamp\",\"room\":\"hall\"},"
                + "\"features\":{\"light\":{\"properties\":{\"on\":false,\"brightness\":0}}}}");
        put("/api/2/things/" + ns + ":kitchen-thermostat", "{\"attributes\":{\"name\":\"Thermostat\",\"room\":\"kitchen\"},"
                + "\"features\":{\"climate\":{\"properties\":{\"temperature\":21.5}}}}");
        return ns;
    }

    @Test
    void searchFiltersWithEqAndOrAndLikeOnAttributesAndFeatureProperties() {
        String ns = seedHome();
        String n = "namespaces=" + ns + "&filter=";
        assertThat(searchIds(n + q("eq(attributes/room,\"kitchen\")")))
                .containsExactly(ns + ":kitchen-lamp", ns + ":kitchen-thermostat");
        assertThat(searchIds(n + q("and(eq(attributes/room,\"kitchen\"),eq(features/light/properties/on,true))")))
                .containsExactly(ns + ":kitchen-lamp");
        assertThat(searchIds(n + q("or(eq(attributes/room,\"hall\"),gt(features/climate/properties/temperature,20))")))
                .containsExactly(ns + ":hall-lamp", ns + ":kitchen-thermostat");
        assertThat(searchIds(n + q("like(attributes/name,\"*lamp\")")))
                .containsExactly(ns + ":hall-lamp", ns + ":kitchen-lamp");
        assertThat(searchIds(n + q("like(attributes/name,\"?all lamp\")"))).containsExactly(ns + ":hall-lamp");
        assertThat(searchIds("namespaces=" + ns + "&option=" + q("sort(-features/light/properties/brightness)")))
                .containsExactly(ns + ":kitchen-lamp", ns + ":hall-lamp", ns + ":kitchen-thermostat");

        Response count = get("/api/2/search/things/count?namespaces=" + ns + "&filter=" + q("exists(features/light)"));
        assertThat(count.status()).isEqualTo(200);
        assertThat(count.json()).isEqualTo(JsonValue.of(2));

        Response form = send("POST", "/api/2/search/things", "namespaces=" + ns + "&filter=" + q("eq(attributes/room,\"hall\")")
                + "&fields=" + q("thingId,attributes/name"), "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.object().getValue("items")).contains(JsonFactory.readFrom(
                "[{\"thingId\":\"" + ns + ":hall-lamp\",\"attributes\":{\"name\":\"Hall lamp\"}}]"));
    }

    @Test
    void invalidSearchInputGetsDittosErrors() {
        assertDittoError(get("/api/2/search/things?filter=" + q("eq(attributes/name")), 400, "rql.expression.invalid");
        assertDittoError(get("/api/2/search/things/count?filter=" + q("foo(a,b)")), 400, "rql.expression.invalid");
        assertDittoError(get("/api/2/search/things?option=" + q("size(500)")), 400, "thing-search:search.option.invalid");
        assertDittoError(get("/api/2/search/things?option=" + q("cursor(garbage!)")), 400,
                "thing-search:search.option.invalid");
    }

    @Test
    void cursorPagingVisitsEveryThingOnceWhileThingsAreAdded() {
        String ns = "paging" + IDS.incrementAndGet();
        Set<String> original = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String id = ns + ":m" + String.format("%02d", i);
            put("/api/2/things/" + id, "{\"attributes\":{\"i\":" + i + "}}");
            original.add(id);
        }
        List<String> seen = new ArrayList<>();
        String option = "size(7)";
        int added = 0;
        while (true) {
            Response page = get("/api/2/search/things?namespaces=" + ns + "&option=" + q(option));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.object().getValue("items").orElseThrow().asArray()
                    .forEach(item -> seen.add(item.asObject().getValue("thingId").orElseThrow().asString()));
            // new things before and after the cursor position, while paging
            put("/api/2/things/" + ns + ":a" + added, "{}");
            put("/api/2/things/" + ns + ":z" + added, "{}");
            added++;
            var cursor = page.object().getValue("cursor");
            if (cursor.isEmpty()) {
                break;
            }
            option = "size(7),cursor(" + cursor.get().asString() + ")";
            assertThat(added).isLessThan(20);
        }
        assertThat(seen).doesNotHaveDuplicates().containsAll(original).isSorted();
        assertThat(seen).noneMatch(id -> id.startsWith(ns + ":a"));
    }
}
