package com.rollyy.emsp.payments;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;

/**
 * Stripe's webhook. Not behind X-API-Key: Stripe cannot send one. The signature over the raw
 * body (HMAC with the endpoint's secret, timestamp within 5 minutes) is the authentication, so
 * the body is read as bytes and verified before anything is parsed.
 */
@RestController
class StripeWebhookController {

    static final String PATH = "/v1/payments/stripe/webhook";

    private final StripeProperties properties;
    private final StripeWebhooks webhooks;

    StripeWebhookController(StripeProperties properties, StripeWebhooks webhooks) {
        this.properties = properties;
        this.webhooks = webhooks;
    }

    @PostMapping(PATH)
    Map<String, Object> receive(@RequestBody(required = false) byte[] body,
                                @RequestHeader(name = "Stripe-Signature", required = false) String signature) {
        if (!properties.webhookConfigured()) {
            // 5xx: Stripe keeps retrying for days, long enough for an operator to set the secret
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "not_configured",
                    "No Stripe webhook secret is configured: set ROLLYY_STRIPE_WEBHOOK_SECRET");
        }
        if (signature == null || signature.isBlank()) {
            throw ApiException.badRequest("Missing Stripe-Signature header");
        }
        String payload = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, properties.webhookSecret().strip());
        } catch (SignatureVerificationException e) {
            throw ApiException.badRequest("Invalid Stripe-Signature: " + e.getMessage());
        } catch (RuntimeException e) {
            // gson's parse errors: a correctly signed body that is not an event
            throw ApiException.badRequest("The body is not a Stripe event");
        }
        if (event == null || event.getId() == null) {
            throw ApiException.badRequest("The body is not a Stripe event");
        }
        return Map.of("received", true, "result", webhooks.handle(event).name().toLowerCase());
    }
}
