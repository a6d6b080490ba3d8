package io.twingraph.api.cli;

import java.time.Duration;

import picocli.CommandLine.ITypeConverter;

/** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, or an ISO-8601 duration ({@code PT30S}). */
public final class DurationOption implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("not a duration: '" + value + "' (use e.g. 500ms, 30s, 5m, 2h)");
    }
}
