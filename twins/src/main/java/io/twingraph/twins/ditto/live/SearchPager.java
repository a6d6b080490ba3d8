package io.twingraph.twins.ditto.live;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.thingsearch.model.SearchModelFactory;
import org.eclipse.ditto.thingsearch.model.SearchResult;

import io.twingraph.error.TwinGraphException;

/**
 * Reads things from Ditto: every thing in scope through the search API ({@code GET /search/things}, cursor paging
 * {@code option=size(n),cursor(c)}, the namespaces and RQL filter of the settings), or one thing by id. Things come
 * with {@code _revision}, parsed by Ditto's own model.
 */
final class SearchPager {
    private final DittoHttp http;

    SearchPager(DittoHttp http) {
        this.http = http;
    }

    /**
     * Hands every thing in scope to {@code each}, page by page, in Ditto's order.
     *
     * @return how many pages were read
     */
    int forEach(Consumer<Thing> each) {
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> params = new LinkedHashMap<>(DittoUris.scope(http.settings()));
            params.put("fields", DittoUris.THING_FIELDS);
            params.put("option", "size(" + http.settings().pageSize() + ")" + (cursor == null ? "" : ",cursor(" + cursor + ")"));
            JsonValue page = http.getJson("/search/things" + DittoUris.query(params), "Searching Ditto's things (page "
                    + (pages + 1) + ")");
            SearchResult result;
            try {
                result = SearchModelFactory.newSearchResult(page.asObject());
            } catch (RuntimeException e) {
                throw new TwinGraphException("ditto:reply.malformed", TwinGraphException.Kind.INTERNAL,
                        "Ditto's search answer is not a search result: " + e.getMessage(), null, e);
            }
            pages++;
            result.getItems().forEach(item -> {
                if (item.isObject()) {
                    each.accept(ThingsModelFactory.newThing(item.asObject()));
                }
            });
            String next = result.getCursor().orElse(null);
            if (next != null && next.equals(cursor)) {
                throw new TwinGraphException("ditto:reply.malformed", TwinGraphException.Kind.INTERNAL,
                        "Ditto's search returned the same cursor twice; stopping rather than looping.", null);
            }
            cursor = next;
        } while (cursor != null);
        return pages;
    }

    /** The thing as Ditto has it now, or empty when it does not exist (or may not be read). */
    Optional<Thing> fetch(ThingId id) {
        return http.getJsonIfFound(DittoUris.thing(id) + DittoUris.query(Map.of("fields", DittoUris.THING_FIELDS)),
                        "Fetching '" + id + "' from Ditto")
                .filter(JsonValue::isObject)
                .map(json -> ThingsModelFactory.newThing(json.asObject()));
    }
}
