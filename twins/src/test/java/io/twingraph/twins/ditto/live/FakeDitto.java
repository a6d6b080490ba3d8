package io.twingraph.twins.ditto.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A stand-in for Ditto's HTTP API on a local socket, enough for the follower and the command sender: the search
 * ({@code /api/2/search/things}, cursor paging, size option), single things, the change stream ({@code GET
 * /api/2/things} with {@code Accept: text/event-stream}: {@code data:} lines carrying thing JSON with {@code _revision},
 * {@code _modified} and {@code _context}, a heartbeat comment every 200 ms) and commands (PUT on a property, POST to an
 * inbox), answered as programmed. Ditto's behaviour is replayed from its documentation, not Ditto itself: Ditto
 * cannot run on these machines. Every request is recorded.
 */
public final class FakeDitto implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A programmed answer. */
    public record Reply(int status, String body) {
    }

    private final Map<String, JsonObject> things = new ConcurrentSkipListMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-ditto");
        t.setDaemon(true);
        return t;
    });
    private final SSLContext tls;
    private volatile HttpServer server;
    private volatile int port;
    private volatile String requiredAuthorization;
    private volatile boolean silent;
    private volatile Function<Request, Reply> commands = r -> new Reply(204, "");
    private static final String CLOSE = "\u0000close";

    private FakeDitto(SSLContext tls) {
        this.tls = tls;
    }

    public static FakeDitto start() {
        return start(null);
    }

    /** Over HTTPS with the given server context, or plain HTTP for null. */
    public static FakeDitto start(SSLContext tls) {
        FakeDitto fake = new FakeDitto(tls);
        fake.bind(0);
        return fake;
    }

    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** Requests must carry exactly this {@code Authorization} header (null: anything goes). */
    public void requireAuthorization(String value) {
        requiredAuthorization = value;
    }

    /** How PUT/POST commands are answered. */
    public void answerCommands(Function<Request, Reply> answer) {
        commands = answer;
    }

    /** Sets a thing as Ditto has it (with its {@code _revision}), without an event. */
    public void put(JsonObject thing) {
        things.put(thing.getValue("thingId").orElseThrow().asString(), thing);
    }

    public void remove(String thingId) {
        things.remove(thingId);
    }

    public JsonObject thing(String thingId) {
        return things.get(thingId);
    }

    /**
     * Changes a value the way Ditto would: the revision goes up by one; with {@code notify} the change notification
     * is sent on every open stream ({@code modified} or {@code created} at the path).
     *
     * @return the notification (sent or not)
     */
    public JsonObject modify(String thingId, String path, JsonValue value, boolean notify) {
        return modify(thingId, path, value, notify, null);
    }

    /** As {@link #modify(String, String, JsonValue, boolean)}, the event carrying the given correlation id. */
    public JsonObject modify(String thingId, String path, JsonValue value, boolean notify, String correlationId) {
        JsonObject thing = things.get(thingId);
        JsonPointer pointer = JsonPointer.of(path);
        boolean existed = thing.getValue(pointer).isPresent();
        long revision = thing.getValue("_revision").orElseThrow().asLong() + 1;
        String modified = Instant.now().toString();
        thing = thing.setValue(pointer, value).setValue("_revision", revision).setValue("_modified", modified);
        things.put(thingId, thing);
        String[] ns = thingId.split(":", 2);
        JsonObject event = JsonObject.newBuilder()
                .set("thingId", thingId).set("_revision", revision).set("_modified", modified)
                .set("_context", JsonObject.newBuilder()
                        .set("topic", ns[0] + "/" + ns[1] + "/things/twin/events/" + (existed ? "modified" : "created"))
                        .set("path", path).set("value", value)
                        .set("headers", JsonObject.newBuilder().set("correlation-id",
                                correlationId == null ? "fake-" + revision : correlationId).build())
                        .build())
                .build();
        if (notify) {
            emit(event.toString());
        }
        return event;
    }

    /** Sends one {@code data:} event to every open stream. */
    public void emit(String data) {
        streams.forEach(q -> q.add(data));
    }

    /** Stops (true) or resumes the heartbeats: a stream that hangs without closing. */
    public void silent(boolean quiet) {
        silent = quiet;
    }

    public int openStreams() {
        return streams.size();
    }

    /** Ends every open stream (the follower sees Ditto close the connection). */
    public void dropStreams() {
        streams.forEach(q -> q.add(CLOSE));
    }

    /** Stops answering: connections are refused. */
    public void down() {
        dropStreams();
        server.stop(0);
    }

    /** Answers again, on the same port. */
    public void up() {
        bind(port);
    }

    public List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    @Override
    public void close() {
        dropStreams();
        server.stop(0);
        executor.shutdownNow();
    }

    private void bind(int at) {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", at);
            HttpServer s;
            if (tls == null) {
                s = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                s = https;
            }
            s.setExecutor(executor);
            s.createContext("/", this::handle);
            s.start();
            server = s;
            port = s.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = record(exchange);
        try {
            if (requiredAuthorization != null && !requiredAuthorization.equals(request.header("authorization"))) {
                reply(exchange, 401, FakeDittoFixtures.error("unauthorized"));
                return;
            }
            String path = request.path();
            if (request.method().equals("GET") && path.equals("/api/2/search/things")) {
                reply(exchange, 200, search(request));
            } else if (request.method().equals("GET") && path.equals("/api/2/things")
                    && "text/event-stream".equals(request.header("accept"))) {
                stream(exchange);
            } else if (request.method().equals("GET") && path.startsWith("/api/2/things/")) {
                JsonObject thing = things.get(path.substring("/api/2/things/".length()));
                if (thing == null) {
                    reply(exchange, 404, FakeDittoFixtures.error("thingNotFound"));
                } else {
                    reply(exchange, 200, thing.toString());
                }
            } else if (request.method().equals("PUT") || request.method().equals("POST")) {
                Reply r = commands.apply(request);
                reply(exchange, r.status(), r.body());
            } else {
                reply(exchange, 404, "{\"status\":404,\"error\":\"fake:unknown\",\"message\":\"not faked\"}");
            }
        } finally {
            exchange.close();
        }
    }

    /** Sorted by thing id; the cursor is the last id of the page, base64. */
    private String search(Request request) {
        String option = request.query().getOrDefault("option", "");
        int size = 25;
        String after = null;
        for (String part : option.split(",")) {
            if (part.startsWith("size(")) {
                size = Integer.parseInt(part.substring(5, part.length() - 1));
            } else if (part.startsWith("cursor(")) {
                after = new String(Base64.getUrlDecoder().decode(part.substring(7, part.length() - 1)),
                        StandardCharsets.UTF_8);
            }
        }
        List<String> namespaces = request.query().containsKey("namespaces")
                ? List.of(request.query().get("namespaces").split(",")) : List.of();
        List<JsonObject> matching = new ArrayList<>();
        for (Map.Entry<String, JsonObject> e : things.entrySet()) {
            boolean inScope = namespaces.isEmpty() || namespaces.contains(e.getKey().split(":", 2)[0]);
            if (inScope && (after == null || e.getKey().compareTo(after) > 0)) {
                matching.add(e.getValue());
            }
        }
        var items = JsonFactory.newArrayBuilder();
        matching.stream().limit(size).forEach(items::add);
        var page = JsonObject.newBuilder().set("items", items.build());
        if (matching.size() > size) {
            String last = matching.get(size - 1).getValue("thingId").orElseThrow().asString();
            page.set("cursor", Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
        }
        return page.build().toString();
    }

    private void stream(HttpExchange exchange) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        streams.add(queue);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!silent) {
                out.write(":\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            while (true) {
                String data;
                try {
                    data = queue.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (CLOSE.equals(data)) {
                    return;
                }
                if (data == null && silent) {
                    continue;
                }
                out.write((data == null ? ":\n" : "data:" + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException clientGone) {
            // the follower closed the stream
        } finally {
            streams.remove(queue);
        }
    }

    private Request record(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Request request = new Request(exchange.getRequestMethod(), uri.getPath(), query, headers, body);
        requests.add(request);
        return request;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
