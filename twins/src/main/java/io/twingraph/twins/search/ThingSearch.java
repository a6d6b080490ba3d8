package io.twingraph.twins.search;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.ditto.base.model.exceptions.DittoJsonException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonParseOptions;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.rql.parser.RqlPredicateParser;
import org.eclipse.ditto.rql.query.criteria.Criteria;
import org.eclipse.ditto.rql.query.criteria.CriteriaFactory;
import org.eclipse.ditto.rql.query.filter.QueryFilterCriteriaFactory;
import org.eclipse.ditto.rql.query.things.ModelBasedThingsFieldExpressionFactory;
import org.eclipse.ditto.rql.query.things.ThingPredicateVisitor;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.thingsearch.model.signals.commands.exceptions.InvalidOptionException;

import io.twingraph.twins.TwinStore;

/**
 * Ditto's {@code /search/things} semantics over a snapshot of twins: RQL filters parsed by Ditto's own parser and
 * evaluated by Ditto's own {@link ThingPredicateVisitor}, namespace restriction, sorting, {@code size} and
 * {@code cursor} paging (and the deprecated {@code limit}), field selection and counting. Thread-safe.
 *
 * <p>Cursors are keyset cursors: the sort key of the last item returned, so paging neither repeats nor skips things
 * that exist throughout, whatever is created or deleted between pages. A cursor is bound to its filter, namespaces and
 * sort; using it with others is an invalid option (400), as in Ditto.
 *
 * <p>Errors are Ditto's: {@code rql.expression.invalid} for filters, {@code thing-search:search.option.invalid} for
 * options and cursors, {@code json.fieldselector.invalid} for fields.
 */
public final class ThingSearch {
    /** Page size when no {@code size} option is given (Ditto's default). */
    public static final int DEFAULT_SIZE = 25;
    /** Largest page size (Ditto's maximum). */
    public static final int MAX_SIZE = 200;

    private static final QueryFilterCriteriaFactory CRITERIA =
            QueryFilterCriteriaFactory.modelBased(RqlPredicateParser.getInstance());
    private static final CriteriaFactory CRITERIA_FACTORY = CRITERIA.toCriteriaFactory();
    private static final ModelBasedThingsFieldExpressionFactory FIELDS = ModelBasedThingsFieldExpressionFactory.getInstance();
    private static final JsonParseOptions NO_URL_DECODING = JsonParseOptions.newBuilder().withoutUrlDecoding().build();
    private static final SortKey THING_ID_ASC = new SortKey("thingId", true);
    private static final int CURSOR_VERSION = 1;

    private final Supplier<? extends Collection<Thing>> snapshot;

    /** A search over whatever {@code snapshot} returns at the time of each query. */
    public ThingSearch(Supplier<? extends Collection<Thing>> snapshot) {
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** A search over the twins of a store. */
    public static ThingSearch over(TwinStore store) {
        return new ThingSearch(store::all);
    }

    /** One sort criterion: a field as Ditto names it ({@code thingId}, {@code attributes/x}...) and its direction. */
    public record SortKey(String field, boolean ascending) {
        public SortKey {
            Objects.requireNonNull(field, "field");
        }

        JsonPointer pointer() {
            return JsonPointer.of(field);
        }

        @Override
        public String toString() {
            return (ascending ? "+" : "-") + field;
        }
    }

    /**
     * The parsed {@code option} parameter.
     *
     * @param size        page size ({@code size(n)}), or the count of {@code limit(offset,count)}
     * @param cursor      the opaque cursor of {@code cursor(c)}, or null
     * @param sort        the sort keys; empty when none were given ({@code +thingId}, or the cursor's sort)
     * @param limitOffset the offset of the deprecated {@code limit(offset,count)}, or null when it was not used
     */
    public record Options(int size, String cursor, List<SortKey> sort, Integer limitOffset) {
        public static final Options DEFAULTS = new Options(DEFAULT_SIZE, null, List.of(), null);

        public Options {
            sort = List.copyOf(sort);
        }
    }

    /**
     * One page of results, rendered by {@link #toJson()} exactly as Ditto renders a search result:
     * {@code {"items": [...], "cursor": "..."}} ({@code cursor} only when more items exist), or with
     * {@code nextPageOffset} (-1 on the last page) for the deprecated {@code limit} option.
     */
    public record Page(List<JsonObject> items, Optional<String> cursor, OptionalLong nextPageOffset) {
        public Page {
            items = List.copyOf(items);
        }

        public JsonObject toJson() {
            var builder = JsonObject.newBuilder().set("items", JsonArray.of(items));
            nextPageOffset.ifPresent(offset -> builder.set("nextPageOffset", offset));
            cursor.ifPresent(c -> builder.set("cursor", c));
            return builder.build();
        }
    }

    /**
     * Runs a query with Ditto's HTTP parameters.
     *
     * @param filter     RQL filter, or null for all things
     * @param namespaces namespaces to restrict to; null or empty for all
     * @param option     Ditto's {@code option} parameter ({@code size(10),sort(-attributes/x),cursor(...)}), or null
     * @param fields     Ditto's {@code fields} parameter, or null for the whole things
     * @throws org.eclipse.ditto.base.model.exceptions.DittoRuntimeException Ditto's error for invalid input
     */
    public Page query(String filter, Collection<String> namespaces, String option, String fields) {
        return query(filter, namespaces, parseOptions(option), fieldSelector(fields));
    }

    /** Runs a query with already parsed options and field selector (null for the whole things). */
    public Page query(String filter, Collection<String> namespaces, Options options, JsonFieldSelector fields) {
        Set<String> ns = normalizeNamespaces(namespaces);
        Predicate<Thing> predicate = predicate(filter, ns);
        String queryHash = queryHash(filter, ns);
        Cursor cursor = options.cursor() == null ? null : Cursor.decode(options.cursor(), queryHash);
        List<SortKey> sort = withThingIdTieBreaker(options.sort().isEmpty() && cursor != null ? cursor.sort()
                : options.sort().isEmpty() ? List.of(THING_ID_ASC) : options.sort());
        if (cursor != null && !cursor.sort().equals(sort)) {
            throw invalidOption("The sort option must not differ from the sort of the request that returned the cursor.");
        }

        Comparator<JsonValue[]> order = keyOrder(sort);
        List<Row> rows = new ArrayList<>();
        for (Thing thing : snapshot.get()) {
            if (predicate.test(thing)) {
                rows.add(new Row(thing, sortValues(thing, sort)));
            }
        }
        rows.sort((a, b) -> order.compare(a.key, b.key));

        if (options.limitOffset() != null) {
            return limitPage(rows, options, fields);
        }
        int from = cursor == null ? 0 : firstAfter(rows, cursor.after(), order);
        int to = Math.min(rows.size(), from + options.size());
        List<JsonObject> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            items.add(render(rows.get(i).thing, fields));
        }
        Optional<String> next = to < rows.size() && to > from
                ? Optional.of(new Cursor(queryHash, sort, rows.get(to - 1).key).encode())
                : Optional.empty();
        return new Page(items, next, OptionalLong.empty());
    }

    /** How many things match, as Ditto's {@code /search/things/count}. */
    public long count(String filter, Collection<String> namespaces) {
        Predicate<Thing> predicate = predicate(filter, normalizeNamespaces(namespaces));
        return snapshot.get().stream().filter(predicate).count();
    }

    /**
     * The Java predicate of an RQL filter restricted to namespaces, built and evaluated by Ditto's own classes.
     *
     * @throws org.eclipse.ditto.base.model.exceptions.InvalidRqlExpressionException when the filter is not valid RQL
     */
    public static Predicate<Thing> predicate(String filter, Collection<String> namespaces) {
        Criteria criteria = CRITERIA.filterCriteria(filter, DittoHeaders.empty());
        Set<String> ns = normalizeNamespaces(namespaces);
        if (!ns.isEmpty()) {
            // Ditto's filterCriteriaRestrictedByNamespaces asks the model-based field factory for "namespace",
            // which it does not know; the thing's own "_namespace" field is what the predicate visitor can read.
            Criteria namespaceCriteria = CRITERIA_FACTORY.fieldCriteria(FIELDS.filterBy("_namespace"),
                    CRITERIA_FACTORY.in(new ArrayList<>(ns)));
            criteria = CRITERIA_FACTORY.and(List.of(namespaceCriteria, criteria));
        }
        return ThingPredicateVisitor.apply(criteria);
    }

    /**
     * Parses Ditto's {@code option} parameter: comma-separated {@code size(n)}, {@code cursor(c)},
     * {@code sort(+a,-b)} and the deprecated {@code limit(offset,count)}.
     *
     * @throws InvalidOptionException for unknown options, bad values, or combinations Ditto refuses
     */
    public static Options parseOptions(String option) {
        if (option == null || option.isBlank()) {
            return Options.DEFAULTS;
        }
        Integer size = null;
        String cursor = null;
        List<SortKey> sort = null;
        Integer limitOffset = null;
        Integer limitCount = null;
        for (String part : splitTopLevel(option)) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int open = trimmed.indexOf('(');
            if (open < 1 || !trimmed.endsWith(")")) {
                throw invalidOption("Invalid option '" + trimmed + "': expected name(arguments).");
            }
            String name = trimmed.substring(0, open).trim();
            String args = trimmed.substring(open + 1, trimmed.length() - 1).trim();
            switch (name) {
                case "size":
                    size = parseSize(args);
                    break;
                case "cursor":
                    if (args.isEmpty()) {
                        throw invalidOption("The cursor option needs a cursor: cursor(<cursor>).");
                    }
                    cursor = args;
                    break;
                case "sort":
                    sort = parseSort(args);
                    break;
                case "limit":
                    String[] limit = args.split(",", -1);
                    if (limit.length != 2) {
                        throw invalidOption("The limit option needs an offset and a count: limit(<offset>,<count>).");
                    }
                    limitOffset = parseInt(limit[0].trim(), "limit offset");
                    limitCount = parseSize(limit[1].trim());
                    if (limitOffset < 0) {
                        throw invalidOption("The limit offset must not be negative.");
                    }
                    break;
                default:
                    throw invalidOption("Unknown option '" + name + "': use size, cursor, sort (or the deprecated limit).");
            }
        }
        if (limitOffset != null && (size != null || cursor != null)) {
            throw invalidOption("The paging option 'limit' may not be combined with 'size' or 'cursor'.");
        }
        int pageSize = limitCount != null ? limitCount : size != null ? size : DEFAULT_SIZE;
        return new Options(pageSize, cursor, sort == null ? List.of() : sort, limitOffset);
    }

    /**
     * Ditto's field selector for a {@code fields} parameter, or null when there is none.
     *
     * @throws DittoJsonException {@code json.fieldselector.invalid}
     */
    public static JsonFieldSelector fieldSelector(String fields) {
        if (fields == null || fields.isBlank()) {
            return null;
        }
        return DittoJsonException.wrapJsonRuntimeException(() -> JsonFactory.newFieldSelector(fields, NO_URL_DECODING));
    }

    /** A thing as a search item: its regular fields, or the selected ones (special fields included). */
    static JsonObject render(Thing thing, JsonFieldSelector fields) {
        return fields == null ? thing.toJson() : thing.toJson(JsonSchemaVersion.V_2, fields);
    }

    private record Row(Thing thing, JsonValue[] key) {
    }

    private Page limitPage(List<Row> rows, Options options, JsonFieldSelector fields) {
        int from = Math.min(rows.size(), options.limitOffset());
        int to = Math.min(rows.size(), from + options.size());
        List<JsonObject> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            items.add(render(rows.get(i).thing, fields));
        }
        long next = to < rows.size() ? to : -1;
        return new Page(items, Optional.empty(), OptionalLong.of(next));
    }

    /** Index of the first row whose key sorts strictly after {@code after}. */
    private static int firstAfter(List<Row> rows, JsonValue[] after, Comparator<JsonValue[]> order) {
        int low = 0;
        int high = rows.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (order.compare(rows.get(mid).key, after) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Ditto always orders by thingId last, which makes every sort key unique and cursors exact. */
    private static List<SortKey> withThingIdTieBreaker(List<SortKey> sort) {
        for (SortKey key : sort) {
            if ("thingId".equals(key.field())) {
                return sort;
            }
        }
        List<SortKey> result = new ArrayList<>(sort);
        result.add(THING_ID_ASC);
        return result;
    }

    private static JsonValue[] sortValues(Thing thing, List<SortKey> sort) {
        JsonObject json = thing.toJson(field -> true);
        JsonValue[] values = new JsonValue[sort.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = json.getValue(sort.get(i).pointer()).orElse(JsonValue.nullLiteral());
        }
        return values;
    }

    private static Comparator<JsonValue[]> keyOrder(List<SortKey> sort) {
        return (a, b) -> {
            for (int i = 0; i < sort.size(); i++) {
                int c = compareValues(a[i], b[i]);
                if (c != 0) {
                    return sort.get(i).ascending() ? c : -c;
                }
            }
            return 0;
        };
    }

    /**
     * Orders JSON values as MongoDB (Ditto's search index) orders BSON types: missing and null first, then numbers,
     * strings, objects, arrays, booleans.
     */
    static int compareValues(JsonValue a, JsonValue b) {
        int ra = typeRank(a);
        int rb = typeRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return 0;
            case 1:
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
            case 2:
                return a.asString().compareTo(b.asString());
            case 5:
                return Boolean.compare(a.asBoolean(), b.asBoolean());
            default:
                return a.toString().compareTo(b.toString());
        }
    }

    private static int typeRank(JsonValue v) {
        if (v == null || v.isNull()) {
            return 0;
        }
        if (v.isNumber()) {
            return 1;
        }
        if (v.isString()) {
            return 2;
        }
        if (v.isObject()) {
            return 3;
        }
        if (v.isArray()) {
            return 4;
        }
        return 5;
    }

    private static List<SortKey> parseSort(String args) {
        if (args.isEmpty()) {
            throw invalidOption("The sort option needs at least one field: sort(+thingId).");
        }
        List<SortKey> keys = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String raw : args.split(",")) {
            String entry = raw.trim();
            if (entry.length() < 2 || (entry.charAt(0) != '+' && entry.charAt(0) != '-')) {
                throw invalidOption("Invalid sort field '" + entry + "': prefix it with + (ascending) or - (descending).");
            }
            String field = entry.substring(1).trim();
            if (field.startsWith("/")) {
                field = field.substring(1);
            }
            try {
                FIELDS.sortBy(field);
            } catch (IllegalArgumentException e) {
                throw invalidOption("Invalid sort field '" + field + "': " + e.getMessage());
            }
            if (!seen.add(field)) {
                throw invalidOption("The sort field '" + field + "' is given twice.");
            }
            keys.add(new SortKey(field, entry.charAt(0) == '+'));
        }
        return keys;
    }

    private static int parseSize(String value) {
        int size = parseInt(value, "size");
        if (size < 1 || size > MAX_SIZE) {
            throw invalidOption("The page size must be between 1 and " + MAX_SIZE + ", was " + size + ".");
        }
        return size;
    }

    private static int parseInt(String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalidOption("The " + what + " must be an integer, was '" + value + "'.");
        }
    }

    /** Splits at commas that are not inside parentheses: {@code size(2),sort(+a,-b)} is two options. */
    private static List<String> splitTopLevel(String option) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < option.length(); i++) {
            char c = option.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw invalidOption("Unbalanced parentheses in option '" + option + "'.");
                }
            } else if ((c == ',' || c == '\n') && depth == 0) {
                parts.add(option.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw invalidOption("Unbalanced parentheses in option '" + option + "'.");
        }
        parts.add(option.substring(start));
        return parts;
    }

    private static Set<String> normalizeNamespaces(Collection<String> namespaces) {
        Set<String> result = new LinkedHashSet<>();
        if (namespaces != null) {
            for (String ns : namespaces) {
                if (ns != null && !ns.isBlank()) {
                    result.add(ns.trim());
                }
            }
        }
        return result;
    }

    /** What a cursor is bound to besides its sort: the filter and the namespaces. */
    private static String queryHash(String filter, Set<String> namespaces) {
        String canonical = JsonArray.newBuilder()
                .add(filter == null ? JsonValue.nullLiteral() : JsonValue.of(filter))
                .add(JsonArray.of(new TreeSet<>(namespaces).stream().map(JsonValue::of).toList()))
                .build().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The position after the last item of a page: the query it belongs to, its sort, and the sort key of that item.
     * Encoded as base64url JSON; clients treat it as opaque.
     */
    private record Cursor(String queryHash, List<SortKey> sort, JsonValue[] after) {

        String encode() {
            JsonObject json = JsonObject.newBuilder()
                    .set("v", CURSOR_VERSION)
                    .set("q", queryHash)
                    .set("s", sort.stream().map(SortKey::toString).reduce((x, y) -> x + "," + y).orElse(""))
                    .set("k", JsonArray.of(List.of(after)))
                    .build();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor, String queryHash) {
            JsonObject json;
            try {
                JsonValue value = JsonFactory.readFrom(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
                if (!value.isObject()) {
                    throw invalidCursor(cursor);
                }
                json = value.asObject();
            } catch (IllegalArgumentException | org.eclipse.ditto.json.JsonRuntimeException e) {
                throw invalidCursor(cursor);
            }
            Optional<JsonValue> version = json.getValue("v");
            Optional<JsonValue> hash = json.getValue("q");
            Optional<JsonValue> sortText = json.getValue("s");
            Optional<JsonValue> key = json.getValue("k");
            if (version.filter(v -> v.isNumber() && v.asInt() == CURSOR_VERSION).isEmpty()
                    || hash.filter(JsonValue::isString).isEmpty() || sortText.filter(JsonValue::isString).isEmpty()
                    || key.filter(JsonValue::isArray).isEmpty()) {
                throw invalidCursor(cursor);
            }
            List<SortKey> sort;
            try {
                sort = parseSort(sortText.get().asString());
            } catch (InvalidOptionException e) {
                throw invalidCursor(cursor);
            }
            JsonArray values = key.get().asArray();
            if (values.getSize() != sort.size()) {
                throw invalidCursor(cursor);
            }
            if (!hash.get().asString().equals(queryHash)) {
                throw invalidOption("The cursor belongs to another query: 'filter' and 'namespaces' must not differ "
                        + "from the request that returned the cursor.");
            }
            JsonValue[] after = new JsonValue[sort.size()];
            for (int i = 0; i < after.length; i++) {
                after[i] = values.get(i).orElse(JsonValue.nullLiteral());
            }
            return new Cursor(hash.get().asString(), sort, after);
        }
    }

    private static InvalidOptionException invalidCursor(String cursor) {
        return invalidOption("The cursor '" + cursor + "' is not valid: use a cursor from a previous search response.");
    }

    private static InvalidOptionException invalidOption(String message) {
        return InvalidOptionException.newBuilder().message(message).build();
    }
}
