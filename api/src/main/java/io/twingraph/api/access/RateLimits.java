package io.twingraph.api.access;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * One Resilience4j rate limiter per token (per client address for anonymous readers): a caller over its budget gets
 * 429 with {@code Retry-After}. Limiters of callers gone quiet are dropped after ten minutes.
 */
final class RateLimits {
    private final RateLimiterConfig tokens;
    private final RateLimiterConfig anonymous;
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    RateLimits(AccessSettings settings) {
        this.tokens = config(settings.requestsPerSecond());
        this.anonymous = config(settings.anonymousRequestsPerSecond());
    }

    /** Takes one permit for the caller; the time to wait when there is none. */
    Optional<Duration> acquire(Principal caller, String clientAddress) {
        String key = caller.isAnonymous() ? "ip:" + clientAddress : "token:" + caller.tokenId();
        RateLimiter limiter = limiters.get(key, k -> RateLimiter.of(k, caller.isAnonymous() ? anonymous : tokens));
        if (limiter.acquirePermission()) {
            return Optional.empty();
        }
        long nanos = limiter instanceof AtomicRateLimiter a ? a.getDetailedMetrics().getNanosToWait() : 0;
        return Optional.of(nanos > 0 ? Duration.ofNanos(nanos) : limiter.getRateLimiterConfig().getLimitRefreshPeriod());
    }

    private static RateLimiterConfig config(int perSecond) {
        return RateLimiterConfig.custom()
                .limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
