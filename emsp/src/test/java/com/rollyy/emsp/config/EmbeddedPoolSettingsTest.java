package com.rollyy.emsp.config;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;

import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * The embedded database's pool follows spring.datasource.hikari.* like an external one does (it
 * was fixed at 20 connections). The running service of the test suite is configured with
 * {@code maximum-pool-size: 16} and {@code connection-timeout: 1000} (application-test.yml).
 */
class EmbeddedPoolSettingsTest extends EmspIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void theRunningServiceUsesTheConfiguredPool() {
        var pool = (HikariDataSource) dataSource;

        assertThat(pool.getMaximumPoolSize()).isEqualTo(16);
        assertThat(pool.getConnectionTimeout()).isEqualTo(1_000L);
        assertThat(pool.getMinimumIdle()).isEqualTo(2);
    }

    @Test
    void withNothingConfiguredAnIdleServiceKeepsFewBackends() {
        var config = EmbeddedPostgresConfig.hikariConfig(new MockEnvironment());

        assertThat(config.getMaximumPoolSize()).isEqualTo(10);
        assertThat(config.getMinimumIdle()).isEqualTo(2);
        assertThat(config.getConnectionTimeout()).isEqualTo(5_000L);
        assertThat(config.getPoolName()).isEqualTo("embedded-postgres");
    }

    @Test
    void configuredValuesAreUsed() {
        var environment = new MockEnvironment()
                .withProperty("spring.datasource.hikari.maximum-pool-size", "4")
                .withProperty("spring.datasource.hikari.minimum-idle", "1")
                .withProperty("spring.datasource.hikari.idle-timeout", "120000")
                .withProperty("spring.datasource.hikari.connection-timeout", "2500");

        var config = EmbeddedPostgresConfig.hikariConfig(environment);

        assertThat(config.getMaximumPoolSize()).isEqualTo(4);
        assertThat(config.getMinimumIdle()).isEqualTo(1);
        assertThat(config.getIdleTimeout()).isEqualTo(120_000L);
        assertThat(config.getConnectionTimeout()).isEqualTo(2_500L);
    }
}
