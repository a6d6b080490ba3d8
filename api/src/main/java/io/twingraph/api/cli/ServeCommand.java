package io.twingraph.api.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twingraph serve}: runs TwinGraph until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run TwinGraph: MQTT ingestion, knowledge graph, SPARQL endpoint and things API, until Ctrl-C.")
class ServeCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    AppConfig config() {
        return server.toConfig();
    }

    @Override
    public Integer call() throws InterruptedException {
        TwinGraphApp app = TwinGraphApp.start(config(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "twingraph-shutdown"));
        Banner.print(spec.commandLine().getOut(), app);
        stopped.await();
        return 0;
    }
}
