package com.rollyy.emsp.ocpi;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.RateLimitProperties;

/**
 * Token buckets per caller (an OCPI connection, a product API key). A request takes a token; the
 * bucket refills at the configured rate up to the burst size. Refused requests get the seconds
 * until a token is back (Retry-After). Limits are read on every call, so changes apply at once.
 */
@Component
public class RateLimiter {

    private static final int MAX_BUCKETS = 100_000;

    private final RateLimitProperties properties;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimitProperties properties) {
        this.properties = properties;
    }

    /** Empty when the request may go on, else the seconds to wait. */
    public OptionalLong ocpi(java.util.UUID connectionId) {
        return take("ocpi:" + connectionId, properties.getOcpiPerSecond(), properties.getOcpiBurst());
    }

    public OptionalLong api(int keyIndex) {
        return take("api:" + keyIndex, properties.getApiPerSecond(), properties.getApiBurst());
    }

    private OptionalLong take(String key, double perSecond, int burst) {
        if (!properties.isEnabled() || perSecond <= 0) {
            return OptionalLong.empty();
        }
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear(); // bounded: connection ids are few; this only guards against a bug
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst)).take(perSecond, burst, System.nanoTime());
    }

    /** Forget every bucket (tests, and a change of limits that must start from full buckets). */
    public void reset() {
        buckets.clear();
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized OptionalLong take(double perSecond, int burst, long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perSecond)));
        }
    }
}
