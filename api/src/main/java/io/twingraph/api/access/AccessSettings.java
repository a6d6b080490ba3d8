package io.twingraph.api.access;

import java.time.Duration;

/**
 * How strict the HTTP API is.
 *
 * @param anonymousRead              whether GET/HEAD on reader routes work without a token (off by default)
 * @param requestsPerSecond          per-token budget; more gets 429
 * @param anonymousRequestsPerSecond per-address budget for anonymous readers
 * @param maxBodyBytes               largest body on routes other than imports and rules (those take the server's limit)
 * @param readerQueryTimeout         longest SPARQL query for roles other than admin
 * @param readerQueryRows            most SPARQL result rows for roles other than admin
 */
public record AccessSettings(boolean anonymousRead, int requestsPerSecond, int anonymousRequestsPerSecond,
                             long maxBodyBytes, Duration readerQueryTimeout, long readerQueryRows) {
    /** Tokens required for everything but health and the dashboard's files; 200 requests/s per token. */
    public static final AccessSettings DEFAULTS = new AccessSettings(false, 200, 20, 1024 * 1024,
            Duration.ofSeconds(10), 100_000);

    public AccessSettings {
        if (requestsPerSecond < 1 || anonymousRequestsPerSecond < 1) {
            throw new IllegalArgumentException("--rate-limit must be at least 1 request per second");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1 KiB, got " + maxBodyBytes);
        }
        if (readerQueryTimeout.isNegative() || readerQueryTimeout.isZero() || readerQueryRows < 1) {
            throw new IllegalArgumentException("reader SPARQL limits must be positive");
        }
    }

    public AccessSettings withAnonymousRead(boolean allowed) {
        return new AccessSettings(allowed, requestsPerSecond, anonymousRequestsPerSecond, maxBodyBytes,
                readerQueryTimeout, readerQueryRows);
    }

    public AccessSettings withRateLimit(int perSecond) {
        return new AccessSettings(anonymousRead, perSecond, anonymousRequestsPerSecond, maxBodyBytes,
                readerQueryTimeout, readerQueryRows);
    }
}
