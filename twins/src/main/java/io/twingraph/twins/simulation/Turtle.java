package io.twingraph.twins.simulation;

/** Escaping for the few Turtle terms the topology writes; no RDF library on this module's classpath. */
final class Turtle {
    private Turtle() {
    }

    /** A double-quoted string literal, escaped per Turtle's ECHAR and UCHAR rules. */
    static String literal(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** An absolute IRI in angle brackets; refuses characters Turtle does not allow in IRIREF. */
    static String iri(String iri) {
        for (int i = 0; i < iri.length(); i++) {
            char c = iri.charAt(i);
            if (c <= 0x20 || "<>\"{}|^`\\".indexOf(c) >= 0) {
                throw new IllegalArgumentException("not allowed in an IRI: '" + c + "' in " + iri);
            }
        }
        return "<" + iri + ">";
    }
}
