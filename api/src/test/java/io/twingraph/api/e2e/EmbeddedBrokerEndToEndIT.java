package io.twingraph.api.e2e;

import java.nio.file.Path;

import io.twingraph.api.app.TwinGraphApp;

/** The end-to-end contract with TwinGraph's embedded broker (HiveMQ CE in the same JVM). */
class EmbeddedBrokerEndToEndIT extends EndToEndContract {
    @Override
    TwinGraphApp startApp(Path data) throws Exception {
        return TwinGraphApp.start(config(data), clock());
    }

    @Override
    String brokerUri(TwinGraphApp app) {
        return app.mqttUri();
    }
}
