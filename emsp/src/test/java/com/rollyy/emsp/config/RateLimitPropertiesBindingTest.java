package com.rollyy.emsp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The per-API-key overrides bind from environment variables in the form docs/configuration.md gives:
 * dashes removed ({@code ROLLYY_RATELIMIT_APIKEYS_<ID>_PERSECOND}); Spring binds map entries only so.
 */
class RateLimitPropertiesBindingTest {

    private static RateLimitProperties bind(Map<String, Object> env) {
        var environment = new StandardEnvironment();
        // under the system environment's own name: Spring maps its variable names the relaxed way
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return Binder.get(environment).bindOrCreate("rollyy.rate-limit", RateLimitProperties.class);
    }

    @Test
    void perKeyOverridesFromEnvironmentVariables() {
        var p = bind(Map.of(
                "ROLLYY_RATE_LIMIT_API_PER_SECOND", "50",
                "ROLLYY_RATELIMIT_APIKEYS_4C806362B613_PERSECOND", "5",
                "ROLLYY_RATELIMIT_APIKEYS_4C806362B613_BURST", "10",
                "ROLLYY_RATELIMIT_APIKEYS_0123456789AB_BURST", "7",
                "ROLLYY_RATE_LIMIT_SYNC_TOKENS", "0"));
        assertThat(p.getApiPerSecond()).isEqualTo(50);
        assertThat(p.getSyncTokens()).isZero();
        assertThat(p.getApiKeys()).containsEntry("4c806362b613", new RateLimitProperties.Limit(5.0, 10))
                .containsEntry("0123456789ab", new RateLimitProperties.Limit(null, 7));
    }
}
