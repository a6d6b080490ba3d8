package io.twingraph.rules.packs;

import static io.twingraph.rules.packs.Homes.KITCHEN;
import static io.twingraph.rules.packs.Homes.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.rules.DefaultPacks;

class EnergyPackTest {
    private static final Instant PEAK_START = Instant.parse("2026-01-15T17:00:00Z");
    private static final Instant PEAK_END = Instant.parse("2026-01-15T21:00:00Z");
    private final RuleTester rules = RuleTester.of(DefaultPacks.drl("energy"), PEAK_START.minus(Duration.ofHours(1)));

    @AfterEach
    void close() {
        rules.close();
    }

    private static Device dishwasher(boolean on, long rev) {
        return device("Dishwasher", "PlugStrip", KITCHEN, Map.of("switch/on", on, "meter/power", on ? 1800.0 : 0.0), rev);
    }

    private static List<String> commands(List<Decision> decisions) {
        return decisions.stream().filter(d -> d.kind() == Decision.Kind.COMMAND)
                .map(d -> d.command().thingId() + " " + d.command().path() + "=" + d.command().value()).toList();
    }

    private void tariff() {
        rules.prices(List.of(
                new PriceSlot(PEAK_START.minus(Duration.ofHours(3)).toEpochMilli(), PEAK_START.toEpochMilli(), 0.25, false),
                new PriceSlot(PEAK_START.toEpochMilli(), PEAK_END.toEpochMilli(), 0.42, true),
                new PriceSlot(PEAK_END.toEpochMilli(), PEAK_END.plus(Duration.ofHours(3)).toEpochMilli(), 0.18, false)));
    }

    @Test
    void aFlexibleLoadStartedInAPeakIsDeferredAndResumedAfterIt() {
        tariff();
        Instant started = PEAK_START.plus(Duration.ofMinutes(30));
        rules.device(dishwasher(true, 2)).reading(dishwasher(true, 2), "switch/on", true, started);
        List<Decision> fired = rules.fire();
        assertThat(commands(fired)).containsExactly("home1:dishwasher /features/switch/properties/on=false");
        assertThat(fired.get(0).reason()).startsWith("Dishwasher started in a price peak (0.42/kWh until 2026-01-15T21:00:00Z)");

        rules.device(dishwasher(false, 3)).reading(dishwasher(false, 3), "switch/on", false, started.plusSeconds(2));
        assertThat(rules.fire()).isEmpty();

        rules.reading(dishwasher(false, 3), "meter/power", 0.0, PEAK_END.plusSeconds(5));
        assertThat(commands(rules.fire())).containsExactly("home1:dishwasher /features/switch/properties/on=true");
    }

    @Test
    void outsideThePeakOrForAnInflexibleLoadNothingHappens() {
        tariff();
        Instant offPeak = PEAK_START.minus(Duration.ofMinutes(30));
        rules.device(dishwasher(true, 2)).reading(dishwasher(true, 2), "switch/on", true, offPeak);
        assertThat(rules.fire()).isEmpty();

        Device fridge = device("Fridge", "PlugStrip", KITCHEN, Map.of("switch/on", true), 2);
        rules.device(fridge).reading(fridge, "switch/on", true, PEAK_START.plus(Duration.ofMinutes(10)));
        assertThat(rules.fire()).isEmpty();
    }

    @Test
    void withoutPricesTheLoadIsLeftAlone() {
        rules.device(dishwasher(true, 2)).reading(dishwasher(true, 2), "switch/on", true, PEAK_START.plusSeconds(60));
        assertThat(rules.fire()).isEmpty();
    }
}
