package io.twingraph.nl.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 (a free port) that speaks the two chat protocols {@link LlmAgent} uses, with
 * scripted answers and every request recorded, for tests of anything that talks to a language model:
 * <ul>
 *   <li>OpenAI's chat completions: {@code POST /v1/chat/completions}; point an OpenAI client at {@link #openAiBaseUrl()}.
 *       Answers are shaped exactly as OpenAI sends them ({@code chat.completion} objects, {@code tool_calls} with
 *       {@code id}, {@code type: function}, {@code function.name} and {@code function.arguments} as a JSON string,
 *       {@code finish_reason} {@code tool_calls} or {@code stop}, {@code usage}).</li>
 *   <li>Ollama's chat: {@code POST /api/chat}; point an Ollama client at {@link #ollamaBaseUrl()}. Answers are
 *       Ollama's non-streaming shape ({@code message} with {@code tool_calls} whose {@code arguments} are an object,
 *       {@code done: true}, {@code done_reason}, the eval counts).</li>
 * </ul>
 * Script answers in order with {@link #text}, {@link #toolCalls}, {@link #ollamaText}, {@link #ollamaToolCalls},
 * {@link #status} or {@link #raw}; each request takes the next one, whatever its path (a request with none left gets
 * HTTP 500 and is recorded). Read what clients sent with {@link #requests()}. Close it when done.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tool call in a scripted answer; {@code argumentsJson} is the arguments object as JSON text. */
    public record ToolCall(String id, String name, String argumentsJson) {
    }

    /** A request as it arrived. */
    public record Recorded(String method, String path, Map<String, String> headers, String body) {
        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("request body is not JSON: " + body, e);
            }
        }

        /** A header by name, ignoring case; null when absent. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The {@code messages} array of a chat request. */
        public List<JsonNode> messages() {
            List<JsonNode> list = new ArrayList<>();
            json().path("messages").forEach(list::add);
            return list;
        }
    }

    private record Scripted(int status, String body, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<Recorded> requests = new ArrayList<>();
    private int counter;

    private FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-llm-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:port} */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The base URL for OpenAI clients: {@code http://127.0.0.1:port/v1}. */
    public String openAiBaseUrl() {
        return url() + "/v1";
    }

    /** The base URL for Ollama clients: {@code http://127.0.0.1:port}. */
    public String ollamaBaseUrl() {
        return url();
    }

    // ---- scripting -------------------------------------------------------------------------------------------------

    /** Next answer (OpenAI): the assistant says {@code text}, {@code finish_reason: stop}. */
    public synchronized FakeOpenAiServer text(String text) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
        message.putNull("refusal");
        return enqueue(200, completion(message, "stop"), Duration.ZERO);
    }

    /** Next answer (OpenAI): the assistant calls tools, {@code content: null}, {@code finish_reason: tool_calls}. */
    public synchronized FakeOpenAiServer toolCalls(ToolCall... calls) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        message.putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (ToolCall c : calls) {
            ObjectNode call = toolCalls.addObject().put("id", c.id()).put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
        }
        message.putNull("refusal");
        return enqueue(200, completion(message, "tool_calls"), Duration.ZERO);
    }

    /** Next answer (Ollama): the assistant says {@code text}. */
    public synchronized FakeOpenAiServer ollamaText(String text) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
        return enqueue(200, ollama(message), Duration.ZERO);
    }

    /** Next answer (Ollama): the assistant calls tools (Ollama gives calls no ids; arguments are an object). */
    public synchronized FakeOpenAiServer ollamaToolCalls(ToolCall... calls) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", "");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (ToolCall c : calls) {
            ObjectNode function = toolCalls.addObject().putObject("function").put("name", c.name());
            try {
                function.set("arguments", JSON.readTree(c.argumentsJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Ollama tool arguments must be a JSON object: " + c.argumentsJson(), e);
            }
        }
        return enqueue(200, ollama(message), Duration.ZERO);
    }

    /** Next answer: an HTTP error with an OpenAI-style error body. */
    public synchronized FakeOpenAiServer status(int status, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("message", message).put("type", "server_error").putNull("param").putNull("code");
        return enqueue(status, error.toString(), Duration.ZERO);
    }

    /** Next answer: exactly this status and body, sent after {@code delay}. */
    public synchronized FakeOpenAiServer raw(int status, String body, Duration delay) {
        return enqueue(status, body, delay);
    }

    private FakeOpenAiServer enqueue(int status, String body, Duration delay) {
        script.add(new Scripted(status, body, delay));
        return this;
    }

    private String completion(ObjectNode message, String finishReason) {
        ObjectNode root = JSON.createObjectNode()
                .put("id", "chatcmpl-fake" + (++counter))
                .put("object", "chat.completion")
                .put("created", 1_780_000_000L)
                .put("model", "fake-model")
                .put("system_fingerprint", "fp_fake");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        root.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 20).put("total_tokens", 140);
        return root.toString();
    }

    private static String ollama(ObjectNode message) {
        ObjectNode root = JSON.createObjectNode()
                .put("model", "fake-model")
                .put("created_at", "2026-06-01T12:00:00.000000Z");
        root.set("message", message);
        root.put("done_reason", "stop")
                .put("done", true)
                .put("total_duration", 885_095_291L)
                .put("load_duration", 3_753_500L)
                .put("prompt_eval_count", 122)
                .put("prompt_eval_duration", 328_493_000L)
                .put("eval_count", 33)
                .put("eval_duration", 552_222_000L);
        return root.toString();
    }

    // ---- what arrived ----------------------------------------------------------------------------------------------

    /** Every request so far, in order. */
    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The {@code i}-th request (0-based). */
    public synchronized Recorded request(int i) {
        return requests.get(i);
    }

    /** How many scripted answers are still unused. */
    public synchronized int remaining() {
        return script.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Scripted answer;
            synchronized (this) {
                requests.add(new Recorded(exchange.getRequestMethod(), path, headers, body));
                boolean known = "POST".equals(exchange.getRequestMethod())
                        && (path.equals("/v1/chat/completions") || path.equals("/api/chat"));
                if (!known) {
                    answer = new Scripted(404, "{\"error\":{\"message\":\"no route " + path + "\"}}", Duration.ZERO);
                } else if (script.isEmpty()) {
                    answer = new Scripted(500, "{\"error\":{\"message\":\"the fake server has no scripted answer left\"}}",
                            Duration.ZERO);
                } else {
                    answer = script.poll();
                }
            }
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGone) {
                // the client gave up (a timeout test): nothing to do
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
