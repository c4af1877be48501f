package com.rollyy.emsp.webhooks;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how events reach the robot backend ({@code rollyy.webhook.*}). Without a URL events
 * are still recorded (and readable from the job API) but not sent.
 *
 * @param url         the robot backend's endpoint (ROLLYY_WEBHOOK_URL)
 * @param secret      HMAC-SHA256 key of the signature header (ROLLYY_WEBHOOK_SECRET)
 * @param maxAttempts deliveries tried before an event is marked failed
 * @param backoff     wait after the first failed delivery; doubled after each further failure
 * @param timeout     connect and read timeout of one delivery
 */
@ConfigurationProperties("rollyy.webhook")
public record WebhookProperties(URI url, String secret, @DefaultValue("15") int maxAttempts,
                                @DefaultValue("5s") Duration backoff, @DefaultValue("10s") Duration timeout) {

    public boolean enabled() {
        return url != null && !url.toString().isBlank();
    }
}
