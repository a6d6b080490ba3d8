package io.twingraph.twins.ditto.live;

import java.util.function.Consumer;

/**
 * The line-level part of the {@code text/event-stream} format (HTML Living Standard, "Server-sent events"): fields
 * {@code data}, {@code event}, {@code id}; comments ({@code :...}); an empty line dispatches the event. The JDK's
 * HTTP client splits the body into lines; there is no SSE client library in the stack, so this is ours. Not
 * thread-safe: one parser per stream, fed in order.
 */
final class SseParser {

    /** One dispatched event; {@code data} lines joined with {@code \n}. */
    record Event(String id, String type, String data) {
    }

    private final Consumer<Event> sink;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String type;
    private String lastId;

    SseParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.charAt(0) == ':') {
            return; // a comment: keep-alive
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data":
                data.append(value).append('\n');
                hasData = true;
                break;
            case "event":
                type = value;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
                break;
            default:
                // "retry" and unknown fields: the follower has its own backoff
                break;
        }
    }

    private void dispatch() {
        if (hasData) {
            String text = data.substring(0, data.length() - 1);
            sink.accept(new Event(lastId, type == null || type.isEmpty() ? "message" : type, text));
        }
        data.setLength(0);
        hasData = false;
        type = null;
    }
}
