package io.twingraph.rules.packs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Room;

/** The DRL shown in the top-level README compiles and does what the README says. */
class ReadmeExampleTest {
    @Test
    void theReadmeRuleCompilesAndFires() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```drl\n") + "```drl\n".length();
        String drl = readme.substring(start, readme.indexOf("```", start));
        String office = "https://twingraph.io/site/home1/office";
        try (RuleTester rules = RuleTester.of(drl, Instant.parse("2026-03-02T10:00:00Z"))) {
            rules.room(new Room(office, "Office", "", "", true, 0));
            rules.device(new Device("home1:office-sensor", "", "Sensor", "Office sensor", office, "Office", "", "",
                    Map.of("environment/co2", 1400), 1));
            rules.device(new Device("home1:office-fan", "", "Fan", "Office fan", office, "Office", "", "",
                    Map.of("fan/on", false), 1));
            assertThat(rules.fire()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Decision.Kind.COMMAND);
                assertThat(d.command().thingId()).isEqualTo("home1:office-fan");
                assertThat(d.reason()).startsWith("CO2 1400");
            });
        }
    }
}
