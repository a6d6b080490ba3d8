package io.twingraph.nl.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Which language model server to talk to and how. Every instance is valid: the constructor checks it.
 *
 * @param provider      {@value #OPENAI} (any server speaking OpenAI's chat completions protocol: OpenAI, vLLM,
 *                      llama.cpp's server, LM Studio, Ollama's {@code /v1}) or {@value #OLLAMA} (Ollama's own
 *                      {@code /api/chat})
 * @param baseUrl       http(s) URL of the server's API root: for {@value #OPENAI} the part before
 *                      {@code /chat/completions}, e.g. {@code https://api.openai.com/v1} or
 *                      {@code http://127.0.0.1:11434/v1}; for {@value #OLLAMA} the server, e.g.
 *                      {@code http://127.0.0.1:11434}; without user name, password, query or fragment (the key goes in
 *                      {@code apiKey})
 * @param apiKey        the key sent as {@code Authorization: Bearer} ({@value #OPENAI} only); empty for servers that
 *                      need none. Never printed by {@link #toString()}
 * @param model         the model name, e.g. {@code gpt-4o-mini} or {@code qwen2.5:7b}
 * @param timeout       how long one request to the model may take
 * @param maxToolRounds how many rounds of tool calls one question may take before the model must answer (1 to
 *                      {@value #MAX_TOOL_ROUNDS})
 */
public record LlmSettings(String provider, String baseUrl, String apiKey, String model, Duration timeout,
                          int maxToolRounds) {
    /** OpenAI's chat completions protocol. */
    public static final String OPENAI = "openai";
    /** Ollama's native chat API. */
    public static final String OLLAMA = "ollama";
    /** Time limit of one model request unless given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Tool rounds per question unless given. */
    public static final int DEFAULT_MAX_TOOL_ROUNDS = 5;
    /** Most tool rounds allowed. */
    public static final int MAX_TOOL_ROUNDS = 20;

    public LlmSettings {
        if (provider == null || !(provider.equals(OPENAI) || provider.equals(OLLAMA))) {
            throw new IllegalArgumentException("Unknown LLM provider '" + provider + "': use '" + OPENAI
                    + "' (any OpenAI-compatible server) or '" + OLLAMA + "'.");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("No base URL for the " + provider + " LLM server: give one such as "
                    + (provider.equals(OPENAI) ? "https://api.openai.com/v1" : "http://127.0.0.1:11434") + ".");
        }
        checkUrl(baseUrl);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("No model name for the " + provider + " LLM server at " + baseUrl + ".");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("The LLM timeout must be positive, got " + timeout + ".");
        }
        if (maxToolRounds < 1 || maxToolRounds > MAX_TOOL_ROUNDS) {
            throw new IllegalArgumentException("maxToolRounds must be between 1 and " + MAX_TOOL_ROUNDS + ", got "
                    + maxToolRounds + ".");
        }
        apiKey = apiKey == null ? "" : apiKey;
    }

    /**
     * Settings from loose input (configuration, command line): the provider is matched ignoring case, text is
     * trimmed, a null API key is none, a null timeout is {@link #DEFAULT_TIMEOUT} and a null round count is
     * {@link #DEFAULT_MAX_TOOL_ROUNDS}.
     *
     * @throws IllegalArgumentException naming what is wrong: an unknown provider, a missing or malformed base URL, a
     *                                  missing model, a timeout or round count out of range
     */
    public static LlmSettings of(String provider, String baseUrl, String apiKey, String model, Duration timeout,
                                 Integer maxToolRounds) {
        return new LlmSettings(provider == null ? null : provider.trim().toLowerCase(Locale.ROOT),
                baseUrl == null ? null : stripSlash(baseUrl.trim()),
                apiKey == null ? "" : apiKey.trim(),
                model == null ? null : model.trim(),
                timeout == null ? DEFAULT_TIMEOUT : timeout,
                maxToolRounds == null ? DEFAULT_MAX_TOOL_ROUNDS : maxToolRounds);
    }

    /** Whether an API key is set. */
    public boolean hasApiKey() {
        return !apiKey.isEmpty();
    }

    /** Like the record's, with the API key masked. */
    @Override
    public String toString() {
        return "LlmSettings[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey=" + (hasApiKey() ? "***" : "")
                + ", model=" + model + ", timeout=" + timeout + ", maxToolRounds=" + maxToolRounds + "]";
    }

    private static void checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("The LLM base URL '" + url + "' is not a URL: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("The LLM base URL '" + url + "' must be an http:// or https:// URL with a host.");
        }
        // A user name, password or query would be printed with the URL (toString, error messages) and none of them
        // reaches the server as meant: the HTTP client sends no credentials from the URL, and the API paths are appended
        // to the base URL after the query.
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The LLM base URL '" + withoutSecrets(uri) + "' must not hold a user name "
                    + "or password: give the key as the API key.");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("The LLM base URL '" + withoutSecrets(uri) + "' must not have a query "
                    + "(?...) or fragment (#...): give the API root, e.g. https://api.openai.com/v1, and the key as the "
                    + "API key.");
        }
    }

    /** scheme://host:port/path, without user information, query and fragment. */
    private static String withoutSecrets(URI uri) {
        return uri.getScheme() + "://" + (uri.getRawUserInfo() != null ? "***@" : "") + uri.getRawAuthority()
                .substring(uri.getRawUserInfo() == null ? 0 : uri.getRawUserInfo().length() + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String stripSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
