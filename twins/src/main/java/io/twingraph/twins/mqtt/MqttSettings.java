package io.twingraph.twins.mqtt;

import java.util.Objects;

/**
 * How TwinGraph connects to an MQTT broker.
 *
 * @param serverUri       e.g. {@code tcp://127.0.0.1:1883}
 * @param clientId        TwinGraph's client id; keep it stable so the broker can queue messages while TwinGraph is down
 * @param username        may be null
 * @param password        may be null
 * @param maxPayloadBytes larger inbound payloads are dead-lettered
 */
public record MqttSettings(String serverUri, String clientId, String username, String password, int maxPayloadBytes) {
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024;

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        if (!serverUri.matches("(tcp|ssl|ws|wss)://.+")) {
            throw new IllegalArgumentException("MQTT server URI must look like tcp://host:port, got: " + serverUri);
        }
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
    }

    public static MqttSettings of(String serverUri) {
        return new MqttSettings(serverUri, "twingraph", null, null, DEFAULT_MAX_PAYLOAD);
    }

    public MqttSettings withClientId(String id) {
        return new MqttSettings(serverUri, id, username, password, maxPayloadBytes);
    }

    public MqttSettings withCredentials(String user, String pass) {
        return new MqttSettings(serverUri, clientId, user, pass, maxPayloadBytes);
    }

    public MqttSettings withMaxPayloadBytes(int max) {
        return new MqttSettings(serverUri, clientId, username, password, max);
    }
}
