package io.twingraph.twins.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThingSearchTest {
    private final List<Thing> things = new CopyOnWriteArrayList<>();
    private final ThingSearch search = new ThingSearch(() -> things);

    @BeforeEach
    void loadFixture() throws IOException {
        things.clear();
        things.addAll(fixture());
    }

    /** Twenty things modelled on Ditto's examples: 12 lamps (home1), 5 thermostats (org.acme), 3 coffee brewers. */
    static List<Thing> fixture() throws IOException {
        try (InputStream in = ThingSearchTest.class.getResourceAsStream("/search/things.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Thing> result = new ArrayList<>();
            JsonFactory.newArray(json).forEach(v -> result.add(ThingsModelFactory.newThing(v.asObject())));
            return result;
        }
    }

    private List<String> ids(String filter) {
        return ids(search.query(filter, null, "size(200)", null));
    }

    private static List<String> ids(ThingSearch.Page page) {
        return page.items().stream().map(i -> i.getValue("thingId").orElseThrow().asString()).toList();
    }

    @Test
    void eqOnAStringAttributeFindsExactlyTheThingsWithThatValue() {
        assertThat(ids("eq(attributes/room,\"garage\")"))
                .containsExactly("home1:lamp-04", "home1:lamp-09", "org.acme:thermostat-5");
    }

    @Test
    void neKeepsThingsThatLackTheFieldAsDittoDoes() {
        List<String> result = ids("ne(attributes/class,\"Luminaire\")");
        assertThat(result).hasSize(8).contains("org.eclipse.ditto:coffeebrewer-1", "org.acme:thermostat-1");
    }

    @Test
    void numericComparisonsWorkOnFeatureProperties() {
        assertThat(ids("gt(features/climate/properties/temperature,22)"))
                .containsExactly("org.acme:thermostat-4", "org.acme:thermostat-5");
        assertThat(ids("ge(features/climate/properties/temperature,22.5)"))
                .containsExactly("org.acme:thermostat-4", "org.acme:thermostat-5");
        assertThat(ids("lt(features/light/properties/brightness,17)"))
                .containsExactly("home1:lamp-01", "home1:lamp-02");
        assertThat(ids("le(features/light/properties/brightness,16)"))
                .containsExactly("home1:lamp-01", "home1:lamp-02");
    }

    @Test
    void inMatchesAnyOfTheListedValues() {
        assertThat(ids("in(attributes/serial,\"L-1003\",\"L-1011\",\"nope\")"))
                .containsExactly("home1:lamp-03", "home1:lamp-11");
    }

    @Test
    void likeUsesDittosStarAndQuestionMarkWildcardsAndTreatsOtherCharactersLiterally() {
        assertThat(ids("like(attributes/name,\"Thermostat*\")")).hasSize(5);
        assertThat(ids("like(attributes/serial,\"L-100?\")")).hasSize(9);
        assertThat(ids("like(attributes/location,\"*main floor\")"))
                .containsExactly("org.eclipse.ditto:coffeebrewer-1", "org.eclipse.ditto:coffeebrewer-2");
        assertThat(ids("like(attributes/serial,\"L.1001\")")).isEmpty();
        assertThat(ids("like(thingId,\"home1:lamp-1*\")")).hasSize(3);
    }

    @Test
    void existsAndNotExistsTestForPresenceOfAField() {
        assertThat(ids("exists(attributes/tags)"))
                .containsExactly("home1:lamp-04", "home1:lamp-08", "home1:lamp-12");
        assertThat(ids("exists(features/climate)")).hasSize(5);
        assertThat(ids("and(exists(features/climate),not(exists(attributes/floor)))"))
                .containsExactly("org.acme:thermostat-5");
    }

    @Test
    void andOrNotCombineCriteria() {
        assertThat(ids("and(eq(attributes/class,\"Luminaire\"),eq(features/light/properties/on,true),"
                + "gt(features/light/properties/brightness,60))"))
                .containsExactly("home1:lamp-08", "home1:lamp-10", "home1:lamp-12");
        assertThat(ids("or(eq(thingId,\"home1:lamp-01\"),eq(features/water-tank/properties/configuration/smartMode,false))"))
                .containsExactly("home1:lamp-01", "org.eclipse.ditto:coffeebrewer-2");
        assertThat(ids("not(eq(features/climate/properties/mode,\"heat\"))")).hasSize(17);
    }

    @Test
    void namespacesRestrictTheResultAndCombineWithTheFilter() {
        assertThat(search.count(null, List.of("org.acme"))).isEqualTo(5);
        assertThat(search.count(null, List.of("org.acme", "org.eclipse.ditto"))).isEqualTo(8);
        assertThat(ids(search.query("eq(attributes/manufacturer,\"ACME demo corp.\")", List.of("org.eclipse.ditto"),
                "size(200)", null))).hasSize(3).allMatch(id -> id.startsWith("org.eclipse.ditto:"));
    }

    @Test
    void theDefaultPageHasTwentyFiveItemsSortedByThingIdWithoutCursorWhenNothingIsLeft() {
        ThingSearch.Page page = search.query(null, null, (String) null, null);
        assertThat(page.items()).hasSize(20);
        List<String> ids = ids(page);
        assertThat(ids).isSorted();
        assertThat(page.cursor()).isEmpty();
        assertThat(page.toJson().contains("cursor")).isFalse();
    }

    @Test
    void aCursorPagesThroughEveryThingExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String option = "size(6)";
        int pages = 0;
        while (true) {
            ThingSearch.Page page = search.query(null, null, option, null);
            seen.addAll(ids(page));
            pages++;
            if (page.cursor().isEmpty()) {
                break;
            }
            assertThat(page.toJson().getValue("cursor")).contains(JsonValue.of(page.cursor().get()));
            option = "size(6),cursor(" + page.cursor().get() + ")";
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(20).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void pagingStaysExactWhileThingsAreAddedAndRemovedBetweenPages() {
        Set<String> original = new HashSet<>(ids(search.query(null, null, "size(200)", null)));
        List<String> seen = new ArrayList<>();
        String option = "size(4),sort(-attributes/floor)";
        int round = 0;
        while (true) {
            ThingSearch.Page page = search.query(null, null, option, null);
            seen.addAll(ids(page));
            // between pages, things appear at both ends of the sort order
            things.add(thing("aaa:new-" + round, 5));
            things.add(thing("zzz:new-" + round, -1));
            round++;
            if (page.cursor().isEmpty()) {
                break;
            }
            option = "size(4),cursor(" + page.cursor().get() + ")";
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(original);
    }

    @Test
    void sortingByAnAttributeDescendingPutsMissingValuesLastAndBreaksTiesByThingId() {
        List<String> ids = ids(search.query("exists(features/climate)", null, "sort(-attributes/floor)", null));
        assertThat(ids).containsExactly("org.acme:thermostat-1", "org.acme:thermostat-3",
                "org.acme:thermostat-2", "org.acme:thermostat-4", "org.acme:thermostat-5");
    }

    @Test
    void sortingByANestedFeaturePropertyDescendingOrdersNumbers() {
        List<String> ids = ids(search.query("exists(features/water-tank)", null,
                "sort(-features/water-tank/properties/status/waterAmount)", null));
        assertThat(ids).containsExactly("org.eclipse.ditto:coffeebrewer-3", "org.eclipse.ditto:coffeebrewer-2",
                "org.eclipse.ditto:coffeebrewer-1");
    }

    @Test
    void fieldsSelectWhatEachItemContainsIncludingSpecialFields() {
        ThingSearch.Page page = search.query("eq(thingId,\"home1:lamp-01\")", null, (String) null,
                "thingId,attributes/name,features/light/properties/on");
        JsonObject item = page.items().get(0);
        assertThat(item).isEqualTo(JsonFactory.newObject(
                "{\"thingId\":\"home1:lamp-01\",\"attributes\":{\"name\":\"Living lamp 1\"},"
                        + "\"features\":{\"light\":{\"properties\":{\"on\":false}}}}"));
        Thing withRevision = things.get(0).toBuilder().setRevision(7).build();
        things.set(0, withRevision);
        JsonObject special = search.query("eq(thingId,\"home1:lamp-01\")", null, (String) null, "_revision").items().get(0);
        assertThat(special.getValue("_revision")).contains(JsonValue.of(7));
    }

    @Test
    void countCountsAllMatchesRegardlessOfPageSize() {
        assertThat(search.count(null, null)).isEqualTo(20);
        assertThat(search.count("eq(attributes/class,\"Luminaire\")", null)).isEqualTo(12);
    }

    @Test
    void theDeprecatedLimitOptionPagesByOffsetWithNextPageOffset() {
        ThingSearch.Page first = search.query(null, null, "limit(0,15)", null);
        ThingSearch.Page last = search.query(null, null, "limit(15,15)", null);
        assertThat(first.items()).hasSize(15);
        assertThat(first.toJson().getValue("nextPageOffset")).contains(JsonValue.of(15L));
        assertThat(last.items()).hasSize(5);
        assertThat(last.toJson().getValue("nextPageOffset")).contains(JsonValue.of(-1L));
    }

    @Test
    void invalidRqlIsDittosInvalidRqlExpressionError() {
        assertThatThrownBy(() -> search.query("eq(attributes/name", null, (String) null, null))
                .isInstanceOfSatisfying(DittoRuntimeException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("rql.expression.invalid");
                    assertThat(e.getHttpStatus().getCode()).isEqualTo(400);
                });
        assertThatThrownBy(() -> search.count("eq(nosuchroot/x,1)", null))
                .isInstanceOfSatisfying(DittoRuntimeException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("rql.expression.invalid"));
    }

    @Test
    void badOptionsAreDittosInvalidOptionError() {
        for (String option : List.of("size(0)", "size(201)", "size(x)", "foo(1)", "sort(thingId)", "sort(+nosuch)",
                "limit(0,5),size(5)", "size(3", "cursor(!!!notbase64)", "cursor(e30)")) {
            assertThatThrownBy(() -> search.query(null, null, option, null))
                    .as(option)
                    .isInstanceOfSatisfying(DittoRuntimeException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo("thing-search:search.option.invalid");
                        assertThat(e.getHttpStatus().getCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    void aCursorCannotBeUsedWithAnotherFilterOrSort() {
        String cursor = search.query("exists(attributes/class)", null, "size(2)", null).cursor().orElseThrow();
        assertThatThrownBy(() -> search.query("exists(attributes/name)", null, "cursor(" + cursor + ")", null))
                .isInstanceOf(DittoRuntimeException.class);
        assertThatThrownBy(() -> search.query("exists(attributes/class)", null,
                "sort(-thingId),cursor(" + cursor + ")", null)).isInstanceOf(DittoRuntimeException.class);
        assertThat(search.query("exists(attributes/class)", null, "cursor(" + cursor + ")", null).items())
                .hasSize(15);
    }

    @Test
    void anInvalidFieldSelectorIsDittosFieldSelectorError() {
        assertThatThrownBy(() -> search.query(null, null, (String) null, "attributes("))
                .isInstanceOfSatisfying(DittoRuntimeException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("json.fieldselector.invalid"));
    }

    @Test
    void searchingAnEmptySnapshotGivesAnEmptyPage() {
        ThingSearch empty = new ThingSearch(List::<Thing>of);
        assertThat(empty.query("eq(attributes/x,1)", null, (String) null, null).toJson())
                .isEqualTo(JsonFactory.newObject("{\"items\":[]}"));
    }

    private static Thing thing(String id, int floor) {
        return ThingsModelFactory.newThing("{\"thingId\":\"" + id + "\",\"attributes\":{\"floor\":" + floor + "}}");
    }
}
