package io.twingraph.api.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The subset of YAML 1.2 that Ditto's OpenAPI document uses, because no YAML parser is on TwinGraph's classpath:
 * block mappings and sequences by indentation, plain (also multi-line), single- and double-quoted scalars, literal and
 * folded block scalars ({@code |}, {@code |-}, {@code >}, {@code >-}), simple flow collections ({@code []},
 * {@code {}}, {@code [a, 'b']}) and comments. No anchors, aliases, tags or multiple documents.
 *
 * <p>Mappings become {@link LinkedHashMap}s, sequences {@link ArrayList}s; plain scalars that look like booleans,
 * null or numbers become {@link Boolean}, null, {@link Long} or {@link Double}; everything else is a {@link String}.
 */
final class DittoYaml {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+");

    private final List<String> lines;
    private int index;

    private DittoYaml(String text) {
        this.lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
    }

    /**
     * Parses one YAML document.
     *
     * @throws IllegalArgumentException with the line number when the text is outside the supported subset
     */
    static Object parse(String text) {
        DittoYaml yaml = new DittoYaml(text);
        yaml.skipBlank();
        if (yaml.index >= yaml.lines.size()) {
            return null;
        }
        Object result = yaml.block(yaml.indentOf(yaml.lines.get(yaml.index)));
        yaml.skipBlank();
        if (yaml.index < yaml.lines.size()) {
            throw yaml.error("unexpected content");
        }
        return result;
    }

    private Object block(int indent) {
        String line = lines.get(index);
        String content = line.substring(indent);
        if (content.equals("-") || content.startsWith("- ")) {
            return sequence(indent);
        }
        return mapping(indent);
    }

    private List<Object> sequence(int indent) {
        List<Object> items = new ArrayList<>();
        while (true) {
            skipBlank();
            if (index >= lines.size()) {
                return items;
            }
            String line = lines.get(index);
            int lineIndent = indentOf(line);
            String content = line.substring(Math.min(lineIndent, line.length()));
            if (lineIndent != indent || !(content.equals("-") || content.startsWith("- "))) {
                if (lineIndent > indent) {
                    throw error("bad indentation in a sequence");
                }
                return items;
            }
            String rest = content.length() <= 2 ? "" : content.substring(2);
            int restIndent = indent + 2 + (rest.length() - rest.stripLeading().length());
            rest = rest.strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                index++;
                skipBlank();
                items.add(index < lines.size() && indentOf(lines.get(index)) > indent
                        ? block(indentOf(lines.get(index))) : null);
            } else if (isMappingEntry(rest)) {
                // "- key: value": a mapping whose first entry sits on the dash line
                lines.set(index, " ".repeat(restIndent) + rest);
                items.add(mapping(restIndent));
            } else {
                items.add(inlineValue(rest, indent));
            }
        }
    }

    private Map<String, Object> mapping(int indent) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            skipBlank();
            if (index >= lines.size()) {
                return map;
            }
            String line = lines.get(index);
            int lineIndent = indentOf(line);
            if (lineIndent < indent) {
                return map;
            }
            if (lineIndent > indent) {
                throw error("bad indentation in a mapping");
            }
            String content = line.substring(indent);
            if (content.startsWith("- ") || content.equals("-")) {
                return map;
            }
            int colon = keyEnd(content);
            if (colon < 0) {
                throw error("expected 'key: value'");
            }
            String key = unquoteKey(content.substring(0, colon).strip());
            String rest = content.substring(colon + 1).strip();
            if (rest.isEmpty() || rest.startsWith("#")) {
                index++;
                skipBlank();
                if (index < lines.size()) {
                    int next = indentOf(lines.get(index));
                    String nextContent = lines.get(index).substring(next);
                    boolean dash = nextContent.equals("-") || nextContent.startsWith("- ");
                    if (next > indent || (next == indent && dash)) {
                        map.put(key, block(next));
                        continue;
                    }
                }
                map.put(key, null);
            } else {
                map.put(key, inlineValue(rest, indent));
            }
        }
    }

    /** A value that starts on the current line after "key:" or "- "; consumes its continuation lines. */
    private Object inlineValue(String rest, int parentIndent) {
        if (rest.startsWith("|") || rest.startsWith(">")) {
            return blockScalar(rest, parentIndent);
        }
        if (rest.startsWith("'") || rest.startsWith("\"")) {
            return quoted(rest, parentIndent);
        }
        if (rest.startsWith("[") || rest.startsWith("{")) {
            index++;
            return new Flow(rest, index).value();
        }
        StringBuilder text = new StringBuilder(stripComment(rest));
        index++;
        // a plain scalar continues on more indented lines
        while (index < lines.size()) {
            String next = lines.get(index);
            if (next.isBlank()) {
                int look = index;
                while (look < lines.size() && lines.get(look).isBlank()) {
                    look++;
                }
                if (look < lines.size() && indentOf(lines.get(look)) > parentIndent) {
                    text.append('\n');
                    index = look;
                    continue;
                }
                break;
            }
            if (indentOf(next) <= parentIndent) {
                break;
            }
            text.append(text.length() == 0 || text.charAt(text.length() - 1) == '\n' ? "" : " ")
                    .append(stripComment(next.strip()));
            index++;
        }
        return plain(text.toString());
    }

    private String blockScalar(String header, int parentIndent) {
        boolean literal = header.startsWith("|");
        String chomping = header.length() > 1 ? header.substring(1).strip() : "";
        index++;
        List<String> body = new ArrayList<>();
        int blockIndent = -1;
        while (index < lines.size()) {
            String line = lines.get(index);
            if (line.isBlank()) {
                body.add("");
                index++;
                continue;
            }
            int lineIndent = indentOf(line);
            if (lineIndent <= parentIndent) {
                break;
            }
            if (blockIndent < 0) {
                blockIndent = lineIndent;
            }
            if (lineIndent < blockIndent) {
                break;
            }
            body.add(line.substring(blockIndent));
            index++;
        }
        int trailing = 0;
        while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
            body.remove(body.size() - 1);
            trailing++;
        }
        String text;
        if (literal) {
            text = String.join("\n", body);
        } else {
            StringBuilder folded = new StringBuilder();
            for (int i = 0; i < body.size(); i++) {
                String line = body.get(i);
                if (i > 0) {
                    String previous = body.get(i - 1);
                    boolean keepBreak = line.isEmpty() || previous.isEmpty() || line.startsWith(" ") || previous.startsWith(" ");
                    folded.append(keepBreak ? (line.isEmpty() ? "" : "\n") : " ");
                }
                folded.append(line.isEmpty() ? "\n" : line);
            }
            text = folded.toString();
        }
        if (chomping.startsWith("-")) {
            return text;
        }
        if (chomping.startsWith("+")) {
            return text + "\n".repeat(trailing + 1);
        }
        return body.isEmpty() ? "" : text + "\n";
    }

    private String quoted(String rest, int parentIndent) {
        char quote = rest.charAt(0);
        StringBuilder raw = new StringBuilder(rest);
        index++;
        while (!closed(raw, quote)) {
            if (index >= lines.size()) {
                throw error("unterminated quoted scalar");
            }
            String next = lines.get(index).strip();
            raw.append(next.isEmpty() ? "\n" : (raw.charAt(raw.length() - 1) == '\n' ? "" : " ") + next);
            index++;
        }
        return unquote(raw.toString().strip(), quote);
    }

    private static boolean closed(CharSequence raw, char quote) {
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unquote(String raw, char quote) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    if (i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                        out.append('\'');
                        i++;
                        continue;
                    }
                    return out.toString();
                }
                out.append(c);
            } else {
                if (c == '\\' && i + 1 < raw.length()) {
                    char e = raw.charAt(++i);
                    switch (e) {
                        case 'n':
                            out.append('\n');
                            break;
                        case 't':
                            out.append('\t');
                            break;
                        case 'u':
                            out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                            i += 4;
                            break;
                        default:
                            out.append(e);
                    }
                } else if (c == '"') {
                    return out.toString();
                } else {
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static String unquoteKey(String key) {
        if (key.length() >= 2 && (key.startsWith("'") || key.startsWith("\""))) {
            return unquote(key, key.charAt(0));
        }
        return key;
    }

    /** Index of the colon that ends a mapping key (outside quotes, followed by a space or the end), or -1. */
    private static int keyEnd(String content) {
        char quote = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (i == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            } else if (c == '#' && i > 0 && content.charAt(i - 1) == ' ') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isMappingEntry(String content) {
        if (content.startsWith("[") || content.startsWith("{") || content.startsWith("|") || content.startsWith(">")) {
            return false;
        }
        if ((content.startsWith("'") || content.startsWith("\"")) && !closedKey(content)) {
            return false;
        }
        return keyEnd(content) > 0;
    }

    private static boolean closedKey(String content) {
        int close = content.indexOf(content.charAt(0), 1);
        return close > 0 && close + 1 < content.length() && content.charAt(close + 1) == ':';
    }

    private static String stripComment(String text) {
        int hash = text.indexOf(" #");
        return hash >= 0 ? text.substring(0, hash).strip() : text;
    }

    /** A parsed YAML value as Ditto JSON (examples become request bodies). */
    static org.eclipse.ditto.json.JsonValue toJson(Object value) {
        if (value == null) {
            return org.eclipse.ditto.json.JsonValue.nullLiteral();
        }
        if (value instanceof Map<?, ?> map) {
            var builder = org.eclipse.ditto.json.JsonObject.newBuilder();
            map.forEach((k, v) -> builder.set(org.eclipse.ditto.json.JsonKey.of(String.valueOf(k)), toJson(v)));
            return builder.build();
        }
        if (value instanceof List<?> list) {
            var builder = org.eclipse.ditto.json.JsonArray.newBuilder();
            list.forEach(v -> builder.add(toJson(v)));
            return builder.build();
        }
        if (value instanceof Boolean b) {
            return org.eclipse.ditto.json.JsonValue.of(b);
        }
        if (value instanceof Long l) {
            return org.eclipse.ditto.json.JsonValue.of(l);
        }
        if (value instanceof Double d) {
            return org.eclipse.ditto.json.JsonValue.of(d);
        }
        return org.eclipse.ditto.json.JsonValue.of(String.valueOf(value));
    }

    static Object plain(String text) {
        String t = text.strip();
        switch (t) {
            case "true":
            case "True":
            case "TRUE":
                return Boolean.TRUE;
            case "false":
            case "False":
            case "FALSE":
                return Boolean.FALSE;
            case "null":
            case "Null":
            case "NULL":
            case "~":
            case "":
                return null;
            default:
                break;
        }
        if (INTEGER.matcher(t).matches()) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return t;
            }
        }
        if (FLOAT.matcher(t).matches()) {
            return Double.parseDouble(t);
        }
        return t;
    }

    private void skipBlank() {
        while (index < lines.size()) {
            String line = lines.get(index);
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.equals("---")) {
                index++;
            } else {
                return;
            }
        }
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private IllegalArgumentException error(String what) {
        int at = Math.min(index, lines.size() - 1);
        return new IllegalArgumentException("YAML line " + (at + 1) + ": " + what + ": " + lines.get(at).strip());
    }

    /** A flow collection on one line: {@code [a, 'b', {c: 1}]}, {@code {}}. */
    private static final class Flow {
        private final String text;
        private final int lineNumber;
        private int pos;

        Flow(String text, int lineNumber) {
            this.text = stripComment(text);
            this.lineNumber = lineNumber;
        }

        Object value() {
            Object v = node();
            skipSpaces();
            if (pos != text.length()) {
                throw new IllegalArgumentException("YAML line " + lineNumber + ": unsupported flow collection: " + text);
            }
            return v;
        }

        private Object node() {
            skipSpaces();
            char c = text.charAt(pos);
            if (c == '[') {
                pos++;
                List<Object> list = new ArrayList<>();
                skipSpaces();
                if (text.charAt(pos) == ']') {
                    pos++;
                    return list;
                }
                while (true) {
                    list.add(node());
                    skipSpaces();
                    char d = text.charAt(pos++);
                    if (d == ']') {
                        return list;
                    }
                    if (d != ',') {
                        throw new IllegalArgumentException("YAML line " + lineNumber + ": bad flow sequence: " + text);
                    }
                }
            }
            if (c == '{') {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                skipSpaces();
                if (text.charAt(pos) == '}') {
                    pos++;
                    return map;
                }
                while (true) {
                    Object key = node();
                    skipSpaces();
                    if (text.charAt(pos++) != ':') {
                        throw new IllegalArgumentException("YAML line " + lineNumber + ": bad flow mapping: " + text);
                    }
                    map.put(String.valueOf(key), node());
                    skipSpaces();
                    char d = text.charAt(pos++);
                    if (d == '}') {
                        return map;
                    }
                    if (d != ',') {
                        throw new IllegalArgumentException("YAML line " + lineNumber + ": bad flow mapping: " + text);
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int start = pos;
                pos++;
                while (pos < text.length()) {
                    char d = text.charAt(pos);
                    if (c == '"' && d == '\\') {
                        pos += 2;
                        continue;
                    }
                    if (d == c) {
                        if (c == '\'' && pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
                            pos += 2;
                            continue;
                        }
                        pos++;
                        break;
                    }
                    pos++;
                }
                return unquote(text.substring(start, pos), c);
            }
            int start = pos;
            while (pos < text.length() && ",]}".indexOf(text.charAt(pos)) < 0
                    && !(text.charAt(pos) == ':' && pos + 1 < text.length() && text.charAt(pos + 1) == ' ')) {
                pos++;
            }
            return plain(text.substring(start, pos));
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
