package io.twingraph.api.eval.intents;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The small test directory in this module's test resources ({@code intents/en}). */
final class TestHome {
    private TestHome() {
    }

    static Path directory() {
        try {
            return Path.of(TestHome.class.getResource("/intents/en/_fixtures.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
