package io.twingraph.api.stream;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.sse.SseClient;
import io.twingraph.api.access.Principal;

/**
 * One connected stream client: a bounded buffer filled by the engine's writer thread (which must never wait for a
 * socket) and emptied by one drain task at a time on the stream's executor, so a slow client holds up nobody but
 * itself. When the buffer overflows, what is buffered is dropped, the client is told to reload ({@code overflow}
 * event) and the stream ends.
 */
final class StreamClient {
    private static final Logger LOG = LoggerFactory.getLogger(StreamClient.class);

    /** A message to send: an event with its JSON data (computed when sent; null: nothing to send), or a comment. */
    record Message(String event, Supplier<String> data) {
        static Message comment(String text) {
            return new Message(null, () -> text);
        }
    }

    private final SseClient sse;
    private final Principal principal;
    private final BlockingQueue<Message> buffer;
    private final Executor drains;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile boolean closed;

    StreamClient(SseClient sse, Principal principal, int bufferSize, Executor drains) {
        this.sse = sse;
        this.principal = principal;
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
        this.drains = drains;
    }

    Principal principal() {
        return principal;
    }

    /** Queues a message without waiting; a full buffer marks the client overflowed. */
    void offer(Message message) {
        if (closed || overflowed.get()) {
            return;
        }
        if (!buffer.offer(message)) {
            overflowed.set(true);
            buffer.clear();
        }
        schedule();
    }

    /**
     * Sends nothing more. The request itself is left to the server's stop: completing an event stream's request on a
     * server that has stopped sends Javalin round its exception handlers without end.
     */
    void abandon() {
        closed = true;
        buffer.clear();
    }

    boolean isClosed() {
        return closed || sse.terminated();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                drains.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                draining.set(false); // the stream is shutting down
            }
        }
    }

    private void drain() {
        try {
            Message m;
            while (!isClosed() && (m = buffer.poll()) != null) {
                send(m);
            }
            if (overflowed.get() && !isClosed()) {
                send(new Message("overflow", () -> "{\"reload\":true,\"message\":\"The stream fell more than "
                        + "its buffer behind; fetch the things again and reconnect.\"}"));
                closed = true;
                sse.close();
            }
        } catch (RuntimeException e) {
            LOG.debug("Stream client of {} failed: {}", principal.subject(), e.toString());
            closed = true;
            sse.close();
        } finally {
            draining.set(false);
        }
        if (!isClosed() && (!buffer.isEmpty() || overflowed.get())) { // offered while this drain was ending
            schedule();
        }
    }

    private void send(Message m) {
        String data = m.data().get();
        if (data == null) {
            return;
        }
        if (m.event() == null) {
            sse.sendComment(data);
        } else {
            sse.sendEvent(m.event(), data);
        }
    }
}
