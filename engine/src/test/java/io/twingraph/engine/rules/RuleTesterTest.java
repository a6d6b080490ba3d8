package io.twingraph.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.twingraph.engine.rules.facts.Device;

/** The rule session on its own: compile errors, actions, temporal operators on the pseudo clock, isolation, loops. */
class RuleTesterTest {
    private static final Instant T0 = Instant.parse("2026-01-15T07:00:00Z");
    private static final String HEADER = """
            package test;
            import io.twingraph.engine.rules.facts.*;
            global io.twingraph.engine.rules.Actions act;
            """;
    private static final Device SENSOR = new Device("home1:kitchen-sensor", "https://twingraph.io/thing/home1:kitchen-sensor",
            "Sensor", "Kitchen sensor", "https://twingraph.io/site/home1/kitchen", "Kitchen", "", "",
            Map.of("environment/temperature", 21.0), 1);

    @Test
    void compileErrorsCarryTheirLines() {
        String drl = HEADER + """
                rule "broken"
                when
                  $d : Device(nosuchfield == 1)
                then
                  act.alert("info", $d, "never");
                end
                """;
        assertThatThrownBy(() -> RuleTester.of(drl, T0))
                .isInstanceOfSatisfying(RuleCompilationException.class, e -> {
                    assertThat(e.errors()).isNotEmpty();
                    assertThat(e.errors().get(0).line()).isEqualTo(6);
                    assertThat(e.errors().get(0).message()).contains("nosuchfield");
                });
    }

    @Test
    void aRuleOverAReadingWindowFiresOnlyWhenTheWindowSaysSo() {
        String drl = HEADER + """
                rule "warming fast"
                when
                  $r : Reading(key == "environment/temperature", $d : device)
                  $min : Number() from accumulate(Reading(device == $d, key == "environment/temperature", $v : number)
                          over window:time(10m), min($v))
                  eval($r.number() - $min.doubleValue() > 3)
                then
                  act.alert("warning", $d, "up " + ($r.number() - $min.doubleValue()) + " degC in 10 minutes");
                end
                """;
        try (RuleTester t = RuleTester.of(drl, T0)) {
            t.device(SENSOR);
            t.reading(SENSOR, "environment/temperature", 20.0, T0);
            t.reading(SENSOR, "environment/temperature", 22.0, T0.plus(Duration.ofMinutes(5)));
            assertThat(t.fire()).isEmpty();
            // 20 degC has left the window by now: 24 - 22 is not more than 3
            t.reading(SENSOR, "environment/temperature", 24.0, T0.plus(Duration.ofMinutes(12)));
            assertThat(t.fire()).isEmpty();
            t.reading(SENSOR, "environment/temperature", 25.5, T0.plus(Duration.ofMinutes(14)));
            List<Decision> fired = t.fire();
            assertThat(fired).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Decision.Kind.ALERT);
                assertThat(d.severity()).isEqualTo("warning");
                assertThat(d.reason()).startsWith("up 3.5");
                assertThat(d.devices()).containsExactly("home1:kitchen-sensor");
                assertThat(d.matched()).anyMatch(m -> m.contains("environment/temperature = 25.5"));
            });
        }
    }

    @Test
    void aThrowingRuleIsIsolatedAndTheOthersGoOn() {
        String drl = HEADER + """
                rule "divides by zero"
                when $d : Device()
                then int x = 1 / 0;
                end
                rule "works"
                when $d : Device()
                then act.command($d, "light/on", true, "someone asked");
                end
                """;
        try (RuleTester t = RuleTester.of(drl, T0)) {
            t.device(SENSOR);
            List<Decision> fired = t.fire();
            assertThat(fired).extracting(Decision::rule).containsExactlyInAnyOrder("divides by zero", "works");
            assertThat(fired).filteredOn(d -> d.rule().equals("divides by zero")).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Decision.Kind.RULE_FAILED);
                assertThat(d.detail()).contains("ArithmeticException");
            });
            assertThat(fired).filteredOn(d -> d.rule().equals("works")).singleElement()
                    .satisfies(d -> assertThat(d.command().path()).isEqualTo("/features/light/properties/on"));
        }
    }

    @Test
    void aLoopingRuleIsStoppedByTheFiringLimitAndNamed() {
        String drl = HEADER + """
                rule "loops forever"
                when $d : Device()
                then update($d);
                end
                """;
        try (RuleTester t = RuleTester.of(drl, T0, 500)) {
            t.device(SENSOR);
            List<Decision> fired = t.fire();
            assertThat(fired).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Decision.Kind.RULE_FAILED);
                assertThat(d.detail()).contains("'loops forever'").contains("500");
            });
            assertThat(t.disabled()).containsKey("loops forever");
            t.device(SENSOR);
            assertThat(t.fire()).isEmpty();
        }
    }

    @Test
    void anActionWithoutAReasonFailsTheRuleWithThatMessage() {
        String drl = HEADER + """
                rule "mute"
                when $d : Device()
                then act.command($d, "light/on", true, "");
                end
                """;
        try (RuleTester t = RuleTester.of(drl, T0)) {
            t.device(SENSOR);
            assertThat(t.fire()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Decision.Kind.RULE_FAILED);
                assertThat(d.detail()).contains("needs a reason");
            });
        }
    }
}
