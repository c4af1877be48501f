package com.rollyy.emsp.ocpi;

import java.util.UUID;

import com.rollyy.emsp.config.RateLimitProperties;

/** A connection's own rate limit, where it overrides the configured default (connections/ stores it). */
public interface ConnectionRateLimits {

    /** {@link RateLimitProperties.Limit#NONE} when the connection has no override. */
    RateLimitProperties.Limit of(UUID connectionId);
}
