package io.twingraph.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.twingraph.api.app.TwinGraphApp;

/**
 * The end-to-end contract against Debian's Mosquitto as an external broker ({@code --mqtt}), started here on a free
 * port. Skipped, with the reason, where the mosquitto binary is not installed ({@code .ci/run} installs it).
 */
class MosquittoEndToEndIT extends EndToEndContract {
    private static final Path[] CANDIDATES = {Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto")};
    private Process mosquitto;
    private String uri;

    @BeforeEach
    void startMosquitto() throws Exception {
        Path binary = null;
        for (Path p : CANDIDATES) {
            if (Files.isExecutable(p)) {
                binary = p;
            }
        }
        assumeTrue(binary != null, "Mosquitto is not installed (apt-get install mosquitto); skipping the external-broker test");
        int port = freePort();
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n", StandardCharsets.UTF_8);
        mosquitto = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        uri = "tcp://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
    }

    @AfterEach
    void stopMosquitto() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor();
        }
    }

    @Override
    TwinGraphApp startApp(Path data) throws Exception {
        return TwinGraphApp.start(config(data).withExternalMqtt(uri), clock());
    }

    @Override
    String brokerUri(TwinGraphApp app) {
        return uri;
    }

    @Test
    void telemetryPublishedWhileTwinGraphIsDownArrivesWhenItComesBack() throws Exception {
        Path data = dir.resolve("data");
        TwinGraphApp app = Authorized.register(startApp(data));
        try {
            importKitchen(app);
            put(app.httpUrl() + "/api/2/things/e2e:kitchen-sensor", """
                    {"attributes":{"location":"https://twingraph.io/site/e2e/kitchen"},
                     "features":{"environment":{"properties":{"temperature":20.0}}}}""");
        } finally {
            app.close();
        }
        // TwinGraph's session is persistent: Mosquitto keeps its QoS 1 messages while it is away.
        publish(uri, "twingraph/e2e:kitchen-sensor/telemetry", "{\"environment\":{\"temperature\":17.25}}");

        TwinGraphApp restarted = Authorized.register(startApp(data));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "17.25".equals(kitchenTemperature(restarted)));
            assertThat(kitchenTemperature(restarted)).isEqualTo("17.25");
        } finally {
            restarted.close();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
