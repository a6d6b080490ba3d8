package io.twingraph.twins.ditto.live;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.twingraph.error.TwinGraphException;

/**
 * One open {@code text/event-stream} response from Ditto, read line by line as the JDK's HTTP client delivers it (one
 * line requested at a time, so a slow consumer slows the socket rather than filling memory). Events go to a consumer
 * on the client's threads; the end of the stream (closed by Ditto, broken, or cancelled) is reported once. Remembers
 * when the last line arrived, so a silent stream can be told from a quiet one (Ditto sends a heartbeat every second).
 */
final class SseStream implements AutoCloseable {
    private final Lines lines;

    private SseStream(Lines lines) {
        this.lines = lines;
    }

    /**
     * Opens the stream and returns once Ditto answered 200 with an event stream, through the circuit breaker.
     *
     * @param events receives each event, in order
     * @param ended  told once when the stream ends: null for a clean end, else the failure
     * @throws RuntimeException Ditto's error when it refuses, {@code ditto:unavailable} when it cannot be reached
     */
    static SseStream open(DittoHttp http, String pathAndQuery, Consumer<SseParser.Event> events,
                          Consumer<Throwable> ended) {
        String what = "Opening Ditto's change stream";
        return http.guarded(() -> connect(http, pathAndQuery, events, ended, what), false, what);
    }

    private static SseStream connect(DittoHttp http, String pathAndQuery, Consumer<SseParser.Event> events,
                                     Consumer<Throwable> ended, String what) {
        Duration timeout = http.settings().timing().requestTimeout();
        HttpRequest request = http.request(pathAndQuery, timeout)
                .header("Accept", "text/event-stream").GET().build();
        Lines lines = new Lines(new SseParser(events), ended);
        CompletableFuture<Void> streaming = new CompletableFuture<>();
        HttpResponse.BodyHandler<String> handler = info -> {
            String type = info.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
            if (info.statusCode() == 200 && type.startsWith("text/event-stream")) {
                streaming.complete(null);
                return HttpResponse.BodySubscribers.fromLineSubscriber(lines, s -> "", StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        CompletableFuture<HttpResponse<String>> response = http.client().sendAsync(request, handler);
        try {
            CompletableFuture.anyOf(streaming, response).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw DittoErrors.unreachable(what, cause instanceof Exception x ? x : new IOException(cause));
        } catch (TimeoutException e) {
            response.cancel(true);
            throw DittoErrors.unreachable(what, new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms"));
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw new TwinGraphException("ditto:interrupted", TwinGraphException.Kind.UNAVAILABLE,
                    what + ": interrupted (TwinGraph is stopping).", null, e);
        }
        if (streaming.isDone()) {
            return new SseStream(lines);
        }
        HttpResponse<String> refused = response.join();
        if (refused.statusCode() == 200) {
            throw new TwinGraphException("ditto:stream.unsupported", TwinGraphException.Kind.INVALID,
                    what + ": Ditto answered without an event stream (Content-Type "
                            + refused.headers().firstValue("content-type").orElse("none") + ").",
                    "Check that the URL is Ditto's HTTP root and that no proxy drops 'Accept: text/event-stream'.");
        }
        throw DittoErrors.fromReply(refused.statusCode(), refused.body(), null, what);
    }

    /** {@link System#nanoTime()} of the last line (or of the connect). */
    long lastActivityNanos() {
        return lines.lastActivity;
    }

    /** Stops reading; the end is not reported after this. */
    @Override
    public void close() {
        lines.cancel();
    }

    /** Feeds the parser one line at a time and reports the end once. */
    private static final class Lines implements Flow.Subscriber<String> {
        private final SseParser parser;
        private final Consumer<Throwable> ended;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;
        private volatile long lastActivity = System.nanoTime();

        Lines(SseParser parser, Consumer<Throwable> ended) {
            this.parser = parser;
            this.ended = ended;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(String line) {
            lastActivity = System.nanoTime();
            if (cancelled) {
                return;
            }
            try {
                parser.line(line);
            } catch (RuntimeException e) {
                cancel();
                end(e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            end(t);
        }

        @Override
        public void onComplete() {
            end(null);
        }

        void cancel() {
            cancelled = true;
            done.set(true);
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        private void end(Throwable t) {
            if (done.compareAndSet(false, true)) {
                ended.accept(t);
            }
        }
    }
}
