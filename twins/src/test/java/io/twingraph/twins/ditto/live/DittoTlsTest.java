package io.twingraph.twins.ditto.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.error.TwinGraphException;

/**
 * Ditto over HTTPS with a certificate the JVM does not trust: reached with the configured trust store, refused without.
 * The certificate is made by the JDK's keytool for 127.0.0.1 at test time.
 */
class DittoTlsTest {
    private static final String PASSWORD = "changeit";

    @Test
    void followsOverHttpsWithTheTrustStoreAndNotWithout(@TempDir Path dir) throws Exception {
        Path serverKeys = dir.resolve("server.p12");
        Path cert = dir.resolve("server.cer");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "ditto", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", serverKeys.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "ditto", "-keystore", serverKeys.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "ditto", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", PASSWORD);

        try (FakeDitto ditto = FakeDitto.start(serverContext(serverKeys)); StoreWriter writer = new StoreWriter()) {
            FakeDittoFixtures.things().forEach(ditto::put);
            DittoSettings settings = DittoSettings.parse("ditto:" + ditto.url()).withTiming(new DittoSettings.Timing(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200),
                    Duration.ofSeconds(5), Duration.ofSeconds(30), 10));
            assertTrue(ditto.url().startsWith("https://"));

            try (DittoHttp untrusted = DittoHttp.open(settings, Clock.systemUTC());
                 DittoFollower follower = DittoFollower.start(untrusted, writer.store, writer)) {
                assertFalse(follower.awaitFollowing(Duration.ofMillis(500)));
                await().atMost(Duration.ofSeconds(10)).until(() -> follower.status().lastError() != null);
                assertTrue(follower.status().lastError().contains(DittoErrors.UNAVAILABLE), follower.status()::toString);
                assertEquals(0, writer.store.size());
            }

            try (DittoHttp trusted = DittoHttp.open(settings.withTrustStore(trust, PASSWORD), Clock.systemUTC());
                 DittoFollower follower = DittoFollower.start(trusted, writer.store, writer)) {
                assertTrue(follower.awaitFollowing(Duration.ofSeconds(15)), follower.status()::toString);
                await().atMost(Duration.ofSeconds(10)).until(() -> writer.store.size() == 5);
            }
        }
    }

    @Test
    void anUnreadableTrustStoreIsAConfigurationError(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a key store");
        TwinGraphException e = org.junit.jupiter.api.Assertions.assertThrows(TwinGraphException.class,
                () -> DittoHttp.open(DittoSettings.parse("ditto:https://127.0.0.1:1").withTrustStore(junk, "x"),
                        Clock.systemUTC()));
        assertEquals("ditto:config.invalid", e.code());
    }

    private static SSLContext serverContext(Path keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> "keytool " + String.join(" ", args) + ": " + out);
    }
}
