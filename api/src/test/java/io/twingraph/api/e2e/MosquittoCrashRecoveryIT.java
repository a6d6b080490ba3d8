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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a telemetry stream, with Debian's Mosquitto as the broker so the broker outlives
 * TwinGraph: every publish Mosquitto acknowledged must end up applied exactly once. TwinGraph runs in a child JVM; the
 * devices count up, so a lost message shows as a gap (revision behind the counter) and a message applied twice as a
 * revision ahead of it. Skipped, with the reason, where Mosquitto is not installed ({@code .ci/run} installs it).
 */
class MosquittoCrashRecoveryIT {
    private static final Path[] CANDIDATES = {Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto")};
    private static final int DEVICES = 40;
    private static final int ROUNDS = 100;
    private static final int PER_SECOND = 1_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the logs of both TwinGraph processes
    Path dir;

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
        assumeTrue(binary != null, "Mosquitto is not installed (apt-get install mosquitto); skipping the kill -9 test against an external broker");
        int port = EndToEndContract.freePort();
        // max_queued_messages: Mosquitto drops QoS 1 messages beyond 1000 (its default) queued for an offline client
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous true\npersistence false\nmax_queued_messages 1000000\n", StandardCharsets.UTF_8);
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

    @Test
    void afterKill9InTheMiddleOfAStreamEveryAcknowledgedPublishIsAppliedExactlyOnce() throws Exception {
        Path data = dir.resolve("data");
        List<String> devices = CrashChecks.devices(DEVICES);
        CounterStream stream = new CounterStream(uri, devices, ROUNDS, PER_SECOND);
        CrashEvidence evidence;
        try (ChildTwinGraph first = ChildTwinGraph.start(data, dir.resolve("first.log"), EndToEndContract.freePort(),
                List.of("--mqtt", uri))) {
            CrashChecks.provision(first.httpUrl(), devices);
            putMarkRule(first.httpUrl());
            marks.watch(uri);
            stream.start();
            // kill once a good part of the stream is in, with more still coming
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stream.failIfStopped() && first.engineHealth().path("applied").asLong() >= DEVICES + (long) DEVICES * ROUNDS / 3);
            first.kill();
            assertThat(stream.published()).as("the stream goes on after the kill").isLessThan((long) DEVICES * ROUNDS);
            evidence = CrashEvidence.read(data, dir.resolve("evidence"));
        }
        assertThat(evidence.lastSequence()).isGreaterThanOrEqualTo(DEVICES + (long) DEVICES * ROUNDS / 3);
        // what the journal holds beyond the store is a gapless continuation of each device's count
        evidence.replayed().forEach((device, values) -> {
            long from = evidence.committed().getOrDefault(device, 0L);
            assertThat(values).as(device).isEqualTo(java.util.stream.LongStream.rangeClosed(from + 1, from + values.size())
                    .boxed().toList());
        });

        try (ChildTwinGraph second = ChildTwinGraph.start(data, dir.resolve("second.log"), EndToEndContract.freePort(),
                List.of("--mqtt", uri))) {
            assertThat(second.engineHealth().path("journal").path("replayedAtStart").asLong()).isEqualTo(evidence.toReplay());
            assertThat(second.log()).contains("replayed " + evidence.toReplay() + " journal entries");

            assertThat(stream.awaitDone(60_000)).as("the stream finished").isTrue();
            assertThat(stream.stoppedBy()).isNull();
            Map<String, Long> expected = new HashMap<>();
            for (int d = 0; d < DEVICES; d++) {
                assertThat(stream.acked(d)).as("Mosquitto acknowledged every publish").isEqualTo(ROUNDS);
                expected.put(devices.get(d), (long) ROUNDS);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> CrashChecks.behind(second.httpUrl(), expected).isEmpty());

            Map<String, CrashChecks.Twin> twins = CrashChecks.twins(second.httpUrl(), devices);
            // created at revision 1, then one revision per count: no count lost, none applied twice
            twins.forEach((device, twin) -> assertThat(twin).as(device).isEqualTo(new CrashChecks.Twin(ROUNDS, ROUNDS + 1)));
            assertThat(CrashChecks.graphCounters(second.httpUrl())).isEqualTo(expected);

            // the rule's commands: a command is sent at most once, though the events that decided it were replayed
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> marks.stableFor(Duration.ofSeconds(2)));
            assertThat(marks.repeated()).as("commands sent twice").isEmpty();
            System.out.printf("kill -9 with Mosquitto: rule commands received %d of %d, none twice%n",
                    marks.distinct(), DEVICES * (ROUNDS / 10));
            System.out.printf("kill -9 with Mosquitto: journal %d (store had %d), replayed %d, repeats skipped %d%n",
                    evidence.lastSequence(), evidence.committedSequence(), evidence.toReplay(),
                    second.engineHealth().path("redeliveriesSkipped").asLong());
        } finally {
            stream.close();
            marks.close();
        }
    }

    private final CommandWatcher marks = new CommandWatcher();

    /** A rule that commands a mark on every tenth count: its decisions come from events that may be replayed. */
    private static void putMarkRule(String httpUrl) throws Exception {
        String drl = """
                package crash;
                import io.twingraph.engine.rules.facts.*;
                global io.twingraph.engine.rules.Actions act;
                rule "every tenth count"
                when
                  $r : Reading(key == "counter/n", above(0), $d : device)
                  eval(((long) $r.number()) % 10 == 0)
                then
                  act.command($d, "counter/mark", (long) $r.number(), "count " + (long) $r.number());
                end
                """;
        var r = EndToEndContract.HTTP.send(Authorized.request(httpUrl + "/api/rules/crash")
                .header("Content-Type", "text/plain").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(drl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
