package io.twingraph.api.eval.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a Home Assistant intents test directory: the main fixture, top-level tests, intent sub-folders. */
class HaSuiteTest {

    @Test
    void readsTheMainHomeAndItsTestsFirstThenEachSubFolderFileWithItsOwnHome() throws IOException {
        HaSuite suite = HaSuite.read(TestHome.directory());

        assertThat(suite.groups()).hasSize(2);
        assertThat(suite.sentences()).isEqualTo(5 + 3);
        HaSuite.Group main = suite.groups().get(0);
        assertThat(main.home().source()).isEqualTo("_fixtures.yaml");
        assertThat(main.cases()).extracting(HaSuite.HaCase::file).containsOnly("study_HassTurnOn.yaml");
        HaSuite.Group folder = suite.groups().get(1);
        assertThat(folder.home().source()).isEqualTo("HassTurnOff/name_only.yaml");
        assertThat(suite.warnings()).isEmpty();
    }

    @Test
    void mainFixtureFloorsAreasAndEntities() throws IOException {
        HaHome home = HaSuite.read(TestHome.directory()).groups().get(0).home();

        assertThat(home.floors()).containsExactly(new HaHome.Floor("loft_id", "Loft", List.of()),
                new HaHome.Floor("cellar_id", "Cellar", List.of("basement level")));
        assertThat(home.areas()).containsExactly(new HaHome.Area("study_id", "Study", List.of("den"), "loft_id"),
                new HaHome.Area("pantry_id", "Pantry", List.of(), "cellar_id"),
                new HaHome.Area("porch_id", "Porch", List.of(), null));
        assertThat(home.entities()).hasSize(16);

        HaHome.Entity lamp = entity(home, "light.desk_lamp");
        assertThat(lamp.name()).isEqualTo("Desk Lamp");
        assertThat(lamp.domain()).isEqualTo("light");
        assertThat(lamp.area()).isEqualTo("study_id");
        assertThat(lamp.state()).isEqualTo("on");
        assertThat(lamp.aliases()).containsExactly("reading light");
        assertThat(lamp.attributes()).containsEntry("brightness", 128).containsEntry("color_name", "blue");

        // a state written as {in, out}: out is what Home Assistant stores, in is what people say
        HaHome.Entity door = entity(home, "binary_sensor.porch_door");
        assertThat(door.state()).isEqualTo("on");
        assertThat(door.spokenState()).isEqualTo("open");
        assertThat(door.deviceClass()).isEqualTo("door");

        // no area, no state
        HaHome.Entity scene = entity(home, "scene.movie_night");
        assertThat(scene.area()).isNull();
        assertThat(scene.state()).isNull();

        // a template name: the name without the optional part first, the one with it as an alias
        HaHome.Entity radio = entity(home, "media_player.bobs_radio");
        assertThat(radio.name()).isEqualTo("Bobs Radio");
        assertThat(radio.aliases()).containsExactly("Bob's Radio");
    }

    @Test
    void topLevelTestsCarryIntentSlotsListsOfAlternativesAndTheSpeakersArea() throws IOException {
        List<HaSuite.HaCase> cases = HaSuite.read(TestHome.directory()).groups().get(0).cases();

        assertThat(cases).hasSize(4);
        HaSuite.HaCase byName = cases.get(0);
        assertThat(byName.index()).isZero();
        assertThat(byName.sentences()).containsExactly("switch on the desk lamp", "turn the reading light on");
        assertThat(byName.intent()).isEqualTo("HassTurnOn");
        assertThat(byName.slots()).containsExactly(Map.entry("name", "Desk Lamp"), Map.entry("domain", "light"));
        assertThat(byName.contextArea()).isNull();

        HaSuite.HaCase inHere = cases.get(1);
        assertThat(inHere.contextArea()).isEqualTo("Study");
        assertThat(inHere.slots()).containsEntry("area", "Study");

        assertThat(cases.get(2).slots()).containsEntry("brightness", 30);

        HaSuite.HaCase timer = cases.get(3);
        assertThat(timer.intent()).isEqualTo("HassStartTimer");
        assertThat(timer.slots().get("name")).isEqualTo(List.of("tea", "tea "));
        assertThat(timer.slots()).containsEntry("minutes", 4);
    }

    @Test
    void subFolderFilesBringTheirOwnHomeAndTakeTheIntentFromTheFolder() throws IOException {
        HaSuite.Group group = HaSuite.read(TestHome.directory()).groups().get(1);

        assertThat(group.home().floors()).isEmpty();
        assertThat(group.home().areas()).containsExactly(new HaHome.Area("workshop", "Workshop", List.of(), null));
        assertThat(group.home().entities()).extracting(HaHome.Entity::entityId, HaHome.Entity::domain,
                        HaHome.Entity::area)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("light.bench_light", "light", "Workshop"),
                        org.assertj.core.groups.Tuple.tuple("switch.dust_extractor", "switch", null));
        assertThat(group.cases()).extracting(HaSuite.HaCase::intent).containsOnly("HassTurnOff");
        assertThat(group.cases().get(0).slots()).containsExactly(Map.entry("name", "Bench Light"));
        assertThat(group.cases().get(0).sentences()).containsExactly("turn off the bench light", "bench light off");
        assertThat(group.cases().get(1).file()).isEqualTo("HassTurnOff/name_only.yaml");
        assertThat(group.cases().get(1).index()).isEqualTo(1);
    }

    @Test
    void unquotedOnOffStatesAndDuplicateIdsAndMissingIntentsAreHandled(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("_fixtures.yaml"), """
                entities:
                  - name: "A"
                    id: "switch.a"
                    state: on
                  - name: "A again"
                    id: "switch.a"
                    state: off
                """);
        Files.writeString(dir.resolve("x.yaml"), """
                tests:
                  - sentences: ["no intent here"]
                  - sentences: ["turn on a"]
                    intent: {name: HassTurnOn, slots: {name: A}}
                  - sentences:
                    intent: {name: HassTurnOn}
                """);

        HaSuite suite = HaSuite.read(dir);

        HaHome home = suite.groups().get(0).home();
        assertThat(home.entities()).extracting(HaHome.Entity::entityId, HaHome.Entity::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("switch.a", "on"),
                        org.assertj.core.groups.Tuple.tuple("switch.a_2", "off"));
        assertThat(suite.groups().get(0).cases()).hasSize(1);
        assertThat(suite.warnings()).anyMatch(w -> w.contains("switch.a appears twice"))
                .anyMatch(w -> w.contains("x.yaml: test 1 names no intent"));
    }

    @Test
    void absentOrBrokenDirectoriesAreRecognised(@TempDir Path dir) throws IOException {
        assertThat(HaSuite.present(dir.resolve("nothing"))).isFalse();
        assertThat(HaSuite.present(dir)).isFalse();
        assertThat(HaSuite.present(TestHome.directory())).isTrue();

        Files.writeString(dir.resolve("_fixtures.yaml"), "areas: [unclosed\n");
        assertThatThrownBy(() -> HaSuite.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("_fixtures.yaml");
    }

    private static HaHome.Entity entity(HaHome home, String id) {
        return home.entities().stream().filter(e -> e.entityId().equals(id)).findFirst().orElseThrow();
    }
}
