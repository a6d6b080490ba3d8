package io.twingraph.nl.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Linking with the real in-process model, over a typical home. */
class NameLinkerTest {

    private static NameLinker home;

    @BeforeAll
    static void build() {
        home = new NameLinker(TypicalHome.names());
        assertThat(home.available()).as("model loaded: %s", home.unavailableReason()).isTrue();
        assertThat(home.size()).isEqualTo(TypicalHome.names().size());
    }

    @Test
    void theExamplesFindWhatTheyMean() {
        assertBest("lamp in the lounge", "light.living", "Living room light");
        assertBest("telly", "media.tv", "TV");
        assertBest("fridge", "fridge", "Refrigerator");
        List<Candidate> weather = home.link("weather in Paris", 5);
        print("weather in Paris", weather);
        assertThat(weather).isEmpty();
    }

    @Test
    void fuzzyNamesFindTheirThingFirst() {
        Map<String, String> phrases = Map.ofEntries(
                Map.entry("the telly", "media.tv"),
                Map.entry("television", "media.tv"),
                Map.entry("living room lamp", "light.living"),
                Map.entry("the lounge", "room:living"),
                Map.entry("sitting room", "room:living"),
                Map.entry("kitchen lights", "light.kitchen"),
                Map.entry("heating", "climate.heater"),
                Map.entry("AC", "climate.ac"),
                Map.entry("front door", "lock.front"),
                Map.entry("washer", "washer"),
                Map.entry("blinds", "cover.blinds"),
                Map.entry("coffee machine", "coffee"),
                Map.entry("fan", "fan.ceiling"),
                Map.entry("hoover", "vacuum"),
                Map.entry("bedside lamp", "light.bedroom"),
                Map.entry("smoke alarm", "sensor.smoke"),
                Map.entry("the hall light", "light.hallway"));
        phrases.forEach((phrase, id) -> {
            List<Candidate> found = home.link(phrase, 3);
            print(phrase, found);
            assertThat(found).as(phrase).isNotEmpty();
            assertThat(found.get(0).id()).as(phrase).isEqualTo(id);
        });
    }

    @Test
    void unrelatedPhrasesFindNothing() {
        for (String phrase : List.of("weather in Paris", "what's the weather like", "tell me a joke", "Paris", "cat",
                "who won the match", "sofa", "xyzzy", "stock prices", "how tall is the eiffel tower", "set a timer",
                "my car", "the dog", "news headlines", "book a flight", "what time is it", "banana", "call mom",
                "the president", "traffic on the way to work", "recipe for pancakes", "my email", "tomorrow")) {
            List<Candidate> best = home.scores(phrase);
            assertThat(home.link(phrase, 10))
                    .as("%s (best %s)", phrase, best.isEmpty() ? "-" : best.get(0))
                    .isEmpty();
        }
    }

    @Test
    void oneCandidatePerIdWithItsBestName() {
        List<Named> names = new ArrayList<>(TypicalHome.names());
        names.add(new Named("light.living", "Big light"));
        names.add(new Named("light.living", "Ceiling light"));
        NameLinker linker = new NameLinker(names);
        List<Candidate> found = linker.link("the big light", 20);
        print("the big light", found);
        assertThat(found).extracting(Candidate::id).doesNotHaveDuplicates();
        assertThat(found.get(0)).extracting(Candidate::id, Candidate::text)
                .containsExactly("light.living", "Big light");
        assertThat(found.stream().filter(c -> c.id().equals("light.living"))).hasSize(1);
        assertThat(linker.scores("the big light")).extracting(Candidate::id).doesNotHaveDuplicates();
    }

    @Test
    void onlyScoresAtTheThresholdOrAbove() {
        for (String phrase : List.of("lamp in the lounge", "light", "kitchen", "the music", "cat")) {
            List<Candidate> all = home.scores(phrase);
            List<Candidate> linked = home.link(phrase, 100);
            assertThat(all).as("every id is scored").hasSize(
                    (int) TypicalHome.names().stream().map(Named::id).distinct().count());
            assertThat(all.stream().anyMatch(c -> c.score() < NameLinker.THRESHOLD)).isTrue();
            assertThat(linked).isEqualTo(all.stream().filter(c -> c.score() >= NameLinker.THRESHOLD)
                    .collect(Collectors.toList()));
            assertThat(linked).allSatisfy(c -> assertThat(c.score()).isGreaterThanOrEqualTo(NameLinker.THRESHOLD));
        }
    }

    @Test
    void atMostMaxBestFirst() {
        List<Candidate> all = home.link("light", 100);
        assertThat(all.size()).isGreaterThan(3);
        assertThat(all).extracting(Candidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(home.link("light", 3)).isEqualTo(all.subList(0, 3));
        assertThat(home.link("light", 1)).containsExactly(all.get(0));
        assertThat(home.link("light", 0)).isEmpty();
        assertThat(home.link("light", -1)).isEmpty();
    }

    @Test
    void blankPhrasesFindNothingWithoutAskingTheModel() {
        CountingModel model = new CountingModel(EmbeddingModels.shared());
        NameLinker linker = new NameLinker(TypicalHome.names(), () -> model, null);
        int calls = model.calls.get();
        assertThat(linker.link("", 5)).isEmpty();
        assertThat(linker.link("   \t", 5)).isEmpty();
        assertThat(linker.link(null, 5)).isEmpty();
        assertThat(model.calls.get()).isEqualTo(calls);
    }

    @Test
    void namesAreEmbeddedInOneBatchAndPhrasesOnce() {
        CountingModel model = new CountingModel(EmbeddingModels.shared());
        NameLinker first = new NameLinker(TypicalHome.names(), () -> model, null);
        assertThat(model.calls.get()).as("one embedAll for all names").isEqualTo(1);
        assertThat(model.texts.get()).isEqualTo(TypicalHome.names().size());

        List<Candidate> once = first.link("lamp in the lounge", 3);
        assertThat(model.calls.get()).isEqualTo(2);
        assertThat(first.link("lamp in the lounge", 3)).isEqualTo(once);
        assertThat(first.link("  Lamp in the LOUNGE ", 3)).isEqualTo(once);
        assertThat(model.calls.get()).as("a repeated phrase comes from the cache").isEqualTo(2);
        assertThat(first.link("telly", 3)).extracting(Candidate::id).containsExactly("media.tv");
        assertThat(model.calls.get()).as("a phrase that is a known name (TV) is not embedded again").isEqualTo(2);

        // a linker rebuilt on the same model (the home changed) embeds only what is new
        List<Named> more = new ArrayList<>(TypicalHome.names());
        more.add(new Named("light.garden", "Garden lights"));
        NameLinker second = new NameLinker(more, () -> model, null);
        assertThat(model.calls.get()).isEqualTo(3);
        assertThat(model.texts.get()).isEqualTo(TypicalHome.names().size() + 2);
        assertThat(second.link("lamp in the lounge", 3)).isEqualTo(once);
        assertThat(model.calls.get()).isEqualTo(3);
    }

    @Test
    void namesWithoutTextAreSkipped() {
        NameLinker linker = new NameLinker(List.of(new Named("a", "  "), new Named("b", "TV")));
        assertThat(linker.size()).isEqualTo(1);
        assertThat(linker.link("telly", 5)).extracting(Candidate::id).containsExactly("b");
    }

    private static void assertBest(String phrase, String id, String text) {
        List<Candidate> found = home.link(phrase, 5);
        print(phrase, found);
        assertThat(found).as(phrase).isNotEmpty();
        assertThat(found.get(0)).extracting(Candidate::id, Candidate::text).containsExactly(id, text);
    }

    private static void print(String phrase, List<Candidate> found) {
        System.out.printf("link %-22s -> %s%n", "'" + phrase + "'", found.stream()
                .map(c -> String.format("%s %.3f", c.text(), c.score())).collect(Collectors.joining(", ", "[", "]")));
    }
}
