package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variable names docs/configuration.md promises bind as documented. */
class PaymentsPropertiesTest {

    private static Binder environment(Map<String, Object> variables) {
        var sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", variables));
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    @Test
    void fleetsRetriesAndHoldsBindFromEnvironmentVariables() {
        var binder = environment(Map.of(
                "ROLLYY_PAYMENTS_HOLD_ON_DISCREPANCY", "true",
                "ROLLYY_PAYMENTS_RETRY_MAX_ATTEMPTS", "5",
                "ROLLYY_PAYMENTS_RETRY_BACKOFF_BASE", "10s",
                "ROLLYY_PAYMENTS_FLEETS_DEFAULT_CUSTOMER", "cus_default",
                "ROLLYY_PAYMENTS_FLEETS_DEFAULT_PAYMENT_METHOD", "pm_default",
                "ROLLYY_PAYMENTS_FLEETS_WAREHOUSE7_CUSTOMER", "cus_w7",
                "ROLLYY_PAYMENTS_FLEETS_WAREHOUSE7_PAYMENT_METHOD", "pm_w7"));

        PaymentsProperties properties = binder.bind("rollyy.payments", PaymentsProperties.class).get();

        assertThat(properties.isHoldOnDiscrepancy()).isTrue();
        assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(5);
        assertThat(properties.getRetry().getBackoffBase()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.fleet("default")).hasValueSatisfying(f -> {
            assertThat(f.getCustomer()).isEqualTo("cus_default");
            assertThat(f.getPaymentMethod()).isEqualTo("pm_default");
        });
        // environment variables can only spell a fleet id in one case: ids match case-insensitively
        assertThat(properties.fleet("Warehouse7")).hasValueSatisfying(f -> assertThat(f.getCustomer())
                .isEqualTo("cus_w7"));
        assertThat(properties.fleet("other")).isEmpty();
    }

    @Test
    void aFleetWithoutPaymentMethodIsNotUsable() {
        var binder = environment(Map.of("ROLLYY_PAYMENTS_FLEETS_DEFAULT_CUSTOMER", "cus_default"));
        assertThat(binder.bind("rollyy.payments", PaymentsProperties.class).get().fleet("default")).isEmpty();
    }

    @Test
    void backoffDoublesUpToTheCap() {
        var retry = new PaymentsProperties().getRetry();
        assertThat(retry.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(retry.backoff(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(retry.backoff(9)).isEqualTo(Duration.ofHours(1));
        assertThat(retry.backoff(500)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void stripeKeysNeverShowInToString() {
        var stripe = new StripeProperties("sk_live_secret", null, "whsec_secret", Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        assertThat(stripe.toString()).doesNotContain("sk_live_secret").doesNotContain("whsec_secret");
    }
}
