package io.twingraph.twins.ditto.live;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;

/**
 * Sends the commands rules, plans and language decide back through Ditto, in the settings' {@link
 * DittoSettings.CommandMode}: a {@code PUT} on the twin's feature property (twin or live channel) or a live message
 * to the feature's inbox. Every request carries the command's correlation id in Ditto's {@code correlation-id}
 * header, and Ditto's {@code timeout} so that it answers (or gives up) in time.
 *
 * <p>{@link #send} returns only after Ditto accepted the command (2xx). Otherwise it throws what Ditto said: its error
 * JSON as the matching {@link org.eclipse.ditto.base.model.exceptions.DittoRuntimeException} (403 not allowed, 404 no
 * such thing or feature, 408 the device did not answer...), or a {@link io.twingraph.error.TwinGraphException}
 * ({@code ditto:unavailable}, {@code ditto:circuit.open}), so the failure lands in the decision record. Commands are not
 * retried: a rule decides again on the next change.
 */
public final class DittoCommandSender implements DeviceCommandSender {
    private final DittoHttp http;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public DittoCommandSender(DittoHttp http) {
        this.http = http;
    }

    @Override
    public void send(DeviceCommand command, Thing target) {
        DittoSettings settings = http.settings();
        Duration timeout = settings.timing().commandTimeout();
        HttpRequest request = request(command, settings, timeout);
        try {
            http.exchange(request, "Command " + command.correlationId() + " for '" + command.thingId() + "' at "
                    + command.path());
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            throw e;
        }
    }

    /** Commands Ditto accepted since start. */
    public long sent() {
        return sent.get();
    }

    /** Commands that failed (refused by Ditto or not sent). */
    public long failed() {
        return failed.get();
    }

    private HttpRequest request(DeviceCommand command, DittoSettings settings, Duration timeout) {
        Map<String, String> params = new LinkedHashMap<>();
        String path;
        String body;
        String method;
        if (settings.commandMode() == DittoSettings.CommandMode.MESSAGE) {
            path = DittoUris.featureInbox(command.thingId(), command.featureId(), settings.messageSubject());
            body = JsonObject.newBuilder().set("path", command.propertyPath().toString()).set("value", command.value())
                    .build().toString();
            method = "POST";
            // live messages take whole seconds
            params.put("timeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        } else {
            path = DittoUris.featureProperty(command.thingId(), command.featureId(), command.propertyPath());
            body = command.value().toString();
            method = "PUT";
            if (settings.commandMode() == DittoSettings.CommandMode.LIVE) {
                params.put("channel", "live");
            }
            params.put("timeout", timeout.toMillis() + "ms");
        }
        // Ditto answers within its own timeout; the HTTP limit leaves room for that answer to arrive
        return http.request(path + DittoUris.query(params), timeout.plus(settings.timing().requestTimeout()))
                .header("Content-Type", "application/json")
                .header("correlation-id", command.correlationId())
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
