package com.rollyy.emsp.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Periodic pulls: the safety net for pushes a CPO never sent or we never received. */
@ConfigurationProperties("rollyy.sync")
public record SyncProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("6h") Duration interval,
        @DefaultValue("1m") Duration checkEvery,
        @DefaultValue("1000") int pageSize,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("5m") Duration overlap) {
}
