package io.twingraph.api.eval.intents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A Home Assistant intents test directory ({@code tests/<language>/} of github.com/home-assistant/intents), read
 * with jackson-dataformat-yaml:
 * <ul>
 *   <li>{@code _fixtures.yaml}: the main home ({@code floors}, {@code areas}, {@code entities});</li>
 *   <li>{@code *.yaml} beside it: {@code tests:}, each {@code {sentences, intent: {name, slots, context?}, response}},
 *       run against the main home;</li>
 *   <li>{@code <IntentName>/*.yaml}: files with their own inline home ({@code areas}, {@code floors},
 *       {@code entities} with a {@code domain} and often no id) whose tests carry {@code slots} at the test level and
 *       no intent name: the intent is the folder's name.</li>
 * </ul>
 * Only {@code context.area} of a test is used as input (the speaker's area); the {@code domain} and
 * {@code device_class} a context may also hold describe what Home Assistant matched, not what was said. Per-test
 * {@code timers} and {@code media} lists are not read (TwinGraph has neither).
 *
 * @param directory the test directory
 * @param groups    each home with the tests run against it: the main home first (when any top-level test file
 *                  exists), then one per sub-folder file, in path order
 * @param warnings  what was skipped or guessed while reading, for the report
 */
record HaSuite(Path directory, List<Group> groups, List<String> warnings) {
    static final String FIXTURES = "_fixtures.yaml";
    private static final ObjectMapper YAML = new YAMLMapper();

    HaSuite {
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
    }

    /** A home and the test cases run against it. */
    record Group(HaHome home, List<HaCase> cases) {
        Group {
            cases = List.copyOf(cases);
        }

        int sentences() {
            return cases.stream().mapToInt(c -> c.sentences().size()).sum();
        }
    }

    /**
     * One test: sentences that should all be understood the same way.
     *
     * @param file        the file, relative to the test directory
     * @param index       the test's position in the file's {@code tests} (0-based)
     * @param sentences   the sentences
     * @param intent      the expected intent's name ({@code HassTurnOn}...)
     * @param slots       the expected slots; a value is a string, number or boolean, or a list of alternatives
     * @param contextArea the speaker's area ({@code context.area}), or null
     */
    record HaCase(String file, int index, List<String> sentences, String intent, Map<String, Object> slots,
                  String contextArea) {
        HaCase {
            sentences = List.copyOf(sentences);
            slots = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slots));
        }
    }

    int sentences() {
        return groups.stream().mapToInt(Group::sentences).sum();
    }

    /** Whether the directory looks like a test directory: a fixtures file or an intent sub-folder with YAML. */
    static boolean present(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        if (Files.isRegularFile(directory.resolve(FIXTURES))) {
            return true;
        }
        try (Stream<Path> files = Files.walk(directory, 2)) {
            return files.anyMatch(p -> isYaml(p) && p.getParent() != null && !p.getParent().equals(directory));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads the directory.
     *
     * @throws IOException              when a file cannot be read
     * @throws IllegalArgumentException when a file is not YAML or not in the format, with the file's name
     */
    static HaSuite read(Path directory) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        Path fixtures = directory.resolve(FIXTURES);
        HaHome main = Files.isRegularFile(fixtures) ? home(FIXTURES, tree(directory, fixtures), warnings)
                : new HaHome(FIXTURES + " (absent)", List.of(), List.of(), List.of());
        List<HaCase> topLevel = new ArrayList<>();
        List<Path> topFiles;
        List<Path> folders;
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> all = entries.sorted().toList();
            topFiles = all.stream().filter(p -> isYaml(p) && !p.getFileName().toString().equals(FIXTURES)).toList();
            folders = all.stream().filter(Files::isDirectory).toList();
        }
        for (Path file : topFiles) {
            String name = file.getFileName().toString();
            JsonNode root = tree(directory, file);
            if (root.has("entities") || root.has("areas") || root.has("floors")) {
                warnings.add(name + ": a top-level test file with its own fixtures; they are ignored (top-level tests "
                        + "run against " + FIXTURES + ")");
            }
            topLevel.addAll(cases(name, root, null, warnings));
        }
        if (!topLevel.isEmpty()) {
            if (!Files.isRegularFile(fixtures)) {
                warnings.add("no " + FIXTURES + ": the top-level tests run against an empty home");
            }
            groups.add(new Group(main, topLevel));
        }
        for (Path folder : folders) {
            List<Path> files;
            try (Stream<Path> entries = Files.list(folder)) {
                files = entries.filter(HaSuite::isYaml).sorted().toList();
            }
            String intent = folder.getFileName().toString();
            for (Path file : files) {
                String name = intent + "/" + file.getFileName();
                JsonNode root = tree(directory, file);
                List<HaCase> cases = cases(name, root, intent, warnings);
                if (!cases.isEmpty()) {
                    groups.add(new Group(home(name, root, warnings), cases));
                }
            }
        }
        return new HaSuite(directory, groups, warnings);
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    private static JsonNode tree(Path directory, Path file) throws IOException {
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return YAML.createObjectNode();
            }
            if (!root.isObject()) {
                throw new IllegalArgumentException(directory.relativize(file) + ": not a YAML mapping");
            }
            return root;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(directory.relativize(file) + ": not valid YAML: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The home a file describes (its {@code floors}, {@code areas}, {@code entities}). */
    static HaHome home(String source, JsonNode root, List<String> warnings) {
        List<HaHome.Floor> floors = new ArrayList<>();
        for (JsonNode f : list(root.get("floors"))) {
            String name = text(f.get("name"));
            if (name == null) {
                warnings.add(source + ": a floor without a name is skipped");
                continue;
            }
            floors.add(new HaHome.Floor(orElse(text(f.get("id")), slug(name)), name, strings(f.get("aliases"))));
        }
        List<HaHome.Area> areas = new ArrayList<>();
        for (JsonNode a : list(root.get("areas"))) {
            String name = text(a.get("name"));
            if (name == null) {
                warnings.add(source + ": an area without a name is skipped");
                continue;
            }
            areas.add(new HaHome.Area(orElse(text(a.get("id")), slug(name)), name, strings(a.get("aliases")),
                    text(a.get("floor"))));
        }
        List<HaHome.Entity> entities = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode e : list(root.get("entities"))) {
            String rawName = text(e.get("name"));
            String givenId = text(e.get("id"));
            if (rawName == null && givenId == null) {
                warnings.add(source + ": an entity with neither name nor id is skipped");
                continue;
            }
            List<String> names = TemplateNames.expand(rawName == null ? givenId : rawName);
            String name = names.get(0);
            List<String> aliases = new ArrayList<>(names.subList(1, names.size()));
            aliases.addAll(strings(e.get("aliases")));
            String domain = text(e.get("domain"));
            if (domain == null && givenId != null && givenId.contains(".")) {
                domain = givenId.substring(0, givenId.indexOf('.'));
            }
            if (domain == null) {
                warnings.add(source + ": entity '" + name + "' has no domain; taken as 'unknown'");
                domain = "unknown";
            }
            domain = domain.toLowerCase(Locale.ROOT);
            String id = givenId != null ? givenId : domain + "." + slug(name);
            String unique = id;
            for (int n = 2; !ids.add(unique); n++) {
                unique = id + "_" + n;
            }
            if (!unique.equals(id)) {
                warnings.add(source + ": entity id " + id + " appears twice; the second is " + unique);
            }
            String state;
            String spoken = null;
            JsonNode stateNode = e.get("state");
            if (stateNode != null && stateNode.isObject()) {
                state = stateText(stateNode.get("out"));
                spoken = stateText(stateNode.get("in"));
            } else {
                state = stateText(stateNode);
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            JsonNode attrs = e.get("attributes");
            if (attrs != null && attrs.isObject()) {
                for (Map.Entry<String, JsonNode> field : attrs.properties()) {
                    Object value = value(field.getValue());
                    if (value != null) {
                        attributes.put(field.getKey(), value);
                    }
                }
            }
            String withUnit = text(e.get("state_with_unit"));
            if (withUnit != null) {
                attributes.put("state_with_unit", withUnit);
            }
            entities.add(new HaHome.Entity(unique, name, aliases, domain, text(e.get("area")), state, spoken,
                    attributes));
        }
        return new HaHome(source, floors, areas, entities);
    }

    /** The tests of a file; {@code folderIntent} is the sub-folder's name for sub-folder files, else null. */
    static List<HaCase> cases(String file, JsonNode root, String folderIntent, List<String> warnings) {
        List<HaCase> cases = new ArrayList<>();
        List<JsonNode> tests = list(root.get("tests"));
        for (int i = 0; i < tests.size(); i++) {
            JsonNode test = tests.get(i);
            List<String> sentences = strings(test.get("sentences"));
            if (sentences.isEmpty()) {
                continue;
            }
            JsonNode intentNode = test.get("intent");
            String intent = intentNode != null && intentNode.isObject() ? text(intentNode.get("name"))
                    : intentNode != null ? text(intentNode) : null;
            if (intent == null) {
                intent = folderIntent;
            }
            if (intent == null) {
                warnings.add(file + ": test " + (i + 1) + " names no intent; skipped");
                continue;
            }
            JsonNode slotsNode = intentNode != null && intentNode.isObject() && intentNode.has("slots")
                    ? intentNode.get("slots") : test.get("slots");
            Map<String, Object> slots = new LinkedHashMap<>();
            if (slotsNode != null && slotsNode.isObject()) {
                for (Map.Entry<String, JsonNode> field : slotsNode.properties()) {
                    Object value = value(field.getValue());
                    if (value != null) {
                        slots.put(field.getKey(), value);
                    }
                }
            }
            JsonNode context = intentNode != null && intentNode.isObject() && intentNode.has("context")
                    ? intentNode.get("context") : test.get("context");
            String area = context != null && context.isObject() ? text(context.get("area")) : null;
            cases.add(new HaCase(file, i, sentences, intent, slots, area));
        }
        return cases;
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(out::add);
        }
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> {
                String t = text(n);
                if (t != null) {
                    out.add(t);
                }
            });
        } else {
            String t = text(node);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** A scalar as text; null for null, missing and collections. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** A state; YAML 1.1 reads unquoted {@code on}/{@code off} as booleans, which mean those words here. */
    private static String stateText(JsonNode node) {
        if (node != null && node.isBoolean()) {
            return node.asBoolean() ? "on" : "off";
        }
        return text(node);
    }

    /** A YAML value as Java: String, Integer/Long/BigInteger, Double/BigDecimal, Boolean, List or Map. */
    static Object value(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return YAML.convertValue(node, Object.class);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Lower case, runs of anything but letters and digits as one {@code _}. */
    static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "x" : s;
    }
}
