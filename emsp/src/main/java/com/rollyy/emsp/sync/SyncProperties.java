package com.rollyy.emsp.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Periodic pulls: the safety net for pushes a CPO never sent or we never received.
 * Sessions and CDRs are never pulled without {@code date_from}: a first pull looks back
 * {@code sessionsWindow} / {@code cdrsWindow}. Connections with live robot sessions have their
 * Sessions pulled every {@code liveSessionsInterval}. Periodic pulls of up to
 * {@code parallelConnections} connections run at once, so a slow CPO delays no other.
 */
@ConfigurationProperties("rollyy.sync")
public record SyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("6h") Duration interval,
        @DefaultValue("1m") Duration checkEvery,
        @DefaultValue("1000") int pageSize,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("5m") Duration overlap,
        @DefaultValue("2d") Duration sessionsWindow,
        @DefaultValue("31d") Duration cdrsWindow,
        @DefaultValue("5m") Duration liveSessionsInterval,
        @DefaultValue("1m") Duration claimTimeout,
        @DefaultValue("4") int parallelConnections,
        @DefaultValue("5m") Duration retryAfterFailure) {
}
