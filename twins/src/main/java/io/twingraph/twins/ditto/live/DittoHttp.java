package io.twingraph.twins.ditto.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonValue;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.twingraph.error.TwinGraphException;

/**
 * TwinGraph's HTTP link to one Ditto, shared by the follower and the command sender: {@link HttpClient} (TLS with an
 * optional trust store), the {@code Authorization} header, and one Resilience4j circuit breaker around every call so
 * that a Ditto that is down is not hammered and callers fail fast. Reads are retried with backoff; commands are not
 * (the caller records the failure). Failures that mean "Ditto is in trouble" (no connection, timeouts, 5xx) count
 * against the breaker; Ditto's 4xx answers (403, 404...) do not. Close it to stop its threads.
 */
public final class DittoHttp implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DittoSettings settings;
    private final Clock clock;
    private final ExecutorService executor;
    private final HttpClient client;
    private final CircuitBreaker breaker;
    private final Retry readRetry;
    private volatile Problem lastError;

    /** The last failure talking to Ditto, for /health. */
    public record Problem(Instant at, String message) {
    }

    private DittoHttp(DittoSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "twingraph-ditto-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/1.1: one plain long-lived response for the change stream, no h2c upgrade surprises
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timing().requestTimeout())
                // never: a redirect would carry the credentials to another host
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (settings.trustStore() != null) {
            builder.sslContext(sslContext(settings));
        }
        this.client = builder.build();
        DittoSettings.Timing timing = settings.timing();
        this.breaker = CircuitBreaker.of("ditto", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(timing.breakerWindow())
                .minimumNumberOfCalls(Math.max(2, timing.breakerWindow() / 2))
                .failureRateThreshold(50)
                .waitDurationInOpenState(timing.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(DittoErrors::dittoDown)
                .build());
        this.readRetry = Retry.of("ditto-read", RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(timing.initialBackoff(), 2.0, timing.maxBackoff()))
                .retryOnException(DittoErrors::dittoDown)
                .build());
    }

    /**
     * The link to the Ditto the settings name. Nothing is called yet.
     *
     * @throws TwinGraphException {@code ditto:config.invalid} when the trust store cannot be read
     */
    public static DittoHttp open(DittoSettings settings, Clock clock) {
        return new DittoHttp(settings, clock);
    }

    public DittoSettings settings() {
        return settings;
    }

    /** CLOSED (calls go through), OPEN (calls fail fast), HALF_OPEN (one trial call)... */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    public Optional<Problem> lastError() {
        return Optional.ofNullable(lastError);
    }

    Clock clock() {
        return clock;
    }

    HttpClient client() {
        return client;
    }

    /** A request to {@code <api root><pathAndQuery>} with the credentials and a time limit. */
    HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.apiRoot() + pathAndQuery)).timeout(timeout);
        settings.auth().header().ifPresent(h -> b.header("Authorization", h));
        return b;
    }

    /** GETs JSON from the API, retried with backoff while Ditto is unreachable. */
    JsonValue getJson(String pathAndQuery, String what) {
        return get(pathAndQuery, what, false).orElseThrow();
    }

    /** As {@link #getJson}, but a 404 (no such resource, or not readable) is empty rather than an error. */
    Optional<JsonValue> getJsonIfFound(String pathAndQuery, String what) {
        return get(pathAndQuery, what, true);
    }

    private Optional<JsonValue> get(String pathAndQuery, String what, boolean notFoundIsAnswer) {
        HttpRequest request = request(pathAndQuery, settings.timing().requestTimeout())
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response = guarded(() -> sendOnce(request, what, notFoundIsAnswer), true, what);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        String body = response.body();
        try {
            return Optional.of(JsonFactory.readFrom(body));
        } catch (RuntimeException e) {
            throw remember(new TwinGraphException("ditto:reply.malformed", TwinGraphException.Kind.INTERNAL,
                    what + ": Ditto's answer is not JSON: " + e.getMessage(), null, e));
        }
    }

    /** Sends one request, not retried; a reply outside 2xx throws Ditto's error. */
    HttpResponse<String> exchange(HttpRequest request, String what) {
        return guarded(() -> sendOnce(request, what, false), false, what);
    }

    /**
     * Runs a call to Ditto through the circuit breaker (and the read retry), remembering its failure.
     *
     * @throws TwinGraphException {@code ditto:circuit.open} when the breaker does not let it through
     */
    <T> T guarded(Supplier<T> call, boolean retry, String what) {
        Supplier<T> decorated = CircuitBreaker.decorateSupplier(breaker, call);
        if (retry) {
            decorated = Retry.decorateSupplier(readRetry, decorated);
        }
        try {
            return decorated.get();
        } catch (CallNotPermittedException e) {
            throw remember(DittoErrors.circuitOpen(what, settings.baseUri().toString()));
        } catch (RuntimeException e) {
            throw remember(e);
        }
    }

    /** Remembers the failure for /health and returns it. */
    RuntimeException remember(RuntimeException e) {
        lastError = new Problem(clock.instant(), DittoErrors.describe(e));
        return e;
    }

    void remember(String problem) {
        lastError = new Problem(clock.instant(), problem);
    }

    private HttpResponse<String> sendOnce(HttpRequest request, String what, boolean notFoundIsAnswer) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw DittoErrors.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinGraphException("ditto:interrupted", TwinGraphException.Kind.UNAVAILABLE,
                    what + ": interrupted (TwinGraph is stopping).", null, e);
        }
        if (response.statusCode() / 100 != 2 && !(notFoundIsAnswer && response.statusCode() == 404)) {
            throw DittoErrors.fromReply(response.statusCode(), response.body(),
                    request.headers().firstValue("correlation-id").orElse(null), what);
        }
        return response;
    }

    private static SSLContext sslContext(DittoSettings settings) {
        char[] password = settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(settings.trustStore())) {
            KeyStore store;
            try {
                store = KeyStore.getInstance("PKCS12");
                store.load(in, password);
            } catch (IOException | GeneralSecurityException notPkcs12) {
                store = KeyStore.getInstance(settings.trustStore().toFile(), password);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new TwinGraphException("ditto:config.invalid", TwinGraphException.Kind.INVALID,
                    "Cannot read the Ditto trust store " + settings.trustStore() + ": " + e.getMessage(),
                    "Give a PKCS12 or JKS trust store and its password.", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
