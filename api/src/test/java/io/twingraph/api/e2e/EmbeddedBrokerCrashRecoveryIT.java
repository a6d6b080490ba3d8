package io.twingraph.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a telemetry stream with the embedded broker, which dies with TwinGraph: what the
 * broker had acknowledged but TwinGraph had not journaled is gone with it (the README says so), but nothing TwinGraph
 * journaled may be lost or applied twice. The test reads the journal the killed process left (from a copy) and checks
 * the restarted one against it, twin by twin and in the graph.
 */
class EmbeddedBrokerCrashRecoveryIT {
    private static final int DEVICES = 40;
    private static final int ROUNDS = 100;
    private static final int PER_SECOND = 1_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the logs of both TwinGraph processes
    Path dir;

    @Test
    void afterKill9InTheMiddleOfAStreamNothingJournaledIsLostOrAppliedTwice() throws Exception {
        Path data = dir.resolve("data");
        List<String> devices = CrashChecks.devices(DEVICES);
        CrashEvidence evidence;
        long[] published = new long[DEVICES];
        int mqttPort = EndToEndContract.freePort();
        try (ChildTwinGraph first = ChildTwinGraph.start(data, dir.resolve("first.log"), EndToEndContract.freePort(),
                List.of("--mqtt-port", Integer.toString(mqttPort)));
             CounterStream stream = new CounterStream("tcp://127.0.0.1:" + mqttPort, devices, ROUNDS, PER_SECOND)) {
            CrashChecks.provision(first.httpUrl(), devices);
            stream.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stream.failIfStopped() && first.engineHealth().path("applied").asLong() >= DEVICES + (long) DEVICES * ROUNDS / 3);
            first.kill();
            assertThat(stream.awaitDone(15_000)).as("the stream stops with its broker").isTrue();
            assertThat(stream.stoppedBy()).as("the broker died under the stream").isNotNull();
            for (int d = 0; d < DEVICES; d++) {
                published[d] = stream.acked(d);
            }
            evidence = CrashEvidence.read(data, dir.resolve("evidence"));
        }
        Map<String, Long> expected = new HashMap<>();
        for (int d = 0; d < DEVICES; d++) {
            String device = devices.get(d);
            long from = evidence.committed().getOrDefault(device, 0L);
            List<Long> values = evidence.replayed().getOrDefault(device, List.of());
            assertThat(values).as(device).isEqualTo(LongStream.rangeClosed(from + 1, from + values.size()).boxed().toList());
            expected.put(device, evidence.expected(device));
            // the broker may hand a message on before it acknowledges it to the publisher: at most one ahead
            assertThat(evidence.expected(device)).as(device).isLessThanOrEqualTo(published[d] + 1);
        }
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum())
                .as("counts journaled before the kill").isGreaterThanOrEqualTo((long) DEVICES * ROUNDS / 3);

        try (ChildTwinGraph second = ChildTwinGraph.start(data, dir.resolve("second.log"), EndToEndContract.freePort(),
                List.of("--mqtt-port", Integer.toString(EndToEndContract.freePort())))) {
            assertThat(second.engineHealth().path("journal").path("replayedAtStart").asLong()).isEqualTo(evidence.toReplay());
            assertThat(second.log()).contains("replayed " + evidence.toReplay() + " journal entries");
            Map<String, CrashChecks.Twin> twins = CrashChecks.twins(second.httpUrl(), devices);
            for (String device : devices) {
                long n = expected.get(device);
                assertThat(twins.get(device)).as(device).isEqualTo(new CrashChecks.Twin(n, n + 1));
            }
            assertThat(CrashChecks.graphCounters(second.httpUrl())).isEqualTo(expected);
            System.out.printf("kill -9 with the embedded broker: journal %d (store had %d), replayed %d%n",
                    evidence.lastSequence(), evidence.committedSequence(), evidence.toReplay());
        }
    }
}
