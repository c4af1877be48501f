package com.rollyy.emsp.payments;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How we reach Stripe ({@code rollyy.stripe.*}, environment {@code ROLLYY_STRIPE_*}). Without an
 * API key the service runs and records payments, but charges nothing (docs/payments.md).
 */
@ConfigurationProperties("rollyy.stripe")
public record StripeProperties(
        String apiKey,
        String apiBase,
        String webhookSecret,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout) {

    public boolean configured() {
        return apiKey != null && !apiKey.isBlank();
    }

    public boolean webhookConfigured() {
        return webhookSecret != null && !webhookSecret.isBlank();
    }

    /** Keys never reach a log line, not even through a bound-properties dump. */
    @Override
    public String toString() {
        return "StripeProperties[apiKey=" + (configured() ? "(set)" : "(none)") + ", apiBase=" + apiBase
                + ", webhookSecret=" + (webhookConfigured() ? "(set)" : "(none)") + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
