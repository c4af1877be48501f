package com.rollyy.emsp.payments;

import java.util.Locale;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;

/**
 * The only place that talks to Stripe. Every create carries an idempotency key, so sending the
 * same request again is always safe; that is why network errors, 429 and 5xx are retried and
 * stripe-java's own retries are off (one retry policy, ours, persisted across restarts).
 */
@Component
class StripeGateway {

    private static final Logger log = LoggerFactory.getLogger(StripeGateway.class);

    /** What a charge sends: amount in minor units, the fleet's customer and saved payment method. */
    record Charge(long amountMinor, String currency, String customer, String paymentMethod, String idempotencyKey,
                  String description, Map<String, String> metadata) {
    }

    record RefundRequest(String paymentIntentId, long amountMinor, String idempotencyKey,
                         Map<String, String> metadata) {
    }

    /** The span (and timer {@code stripe_request_seconds}) of one call to Stripe. */
    static final String OBSERVATION = "stripe.request";

    private final StripeClient client;
    private final ObservationRegistry observations;

    StripeGateway(StripeProperties properties) {
        this(properties, ObservationRegistry.NOOP);
    }

    @org.springframework.beans.factory.annotation.Autowired
    StripeGateway(StripeProperties properties, ObservationRegistry observations) {
        this.observations = observations;
        this.client = properties.configured() ? client(properties) : null;
        if (client == null) {
            log.warn("No Stripe API key configured (ROLLYY_STRIPE_API_KEY): payments are recorded as NOT_CONFIGURED"
                    + " and nothing is charged");
        }
    }

    private static StripeClient client(StripeProperties properties) {
        var builder = StripeClient.builder()
                .setApiKey(properties.apiKey().strip())
                .setMaxNetworkRetries(0)
                .setConnectTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(properties.readTimeout().toMillis()));
        if (properties.apiBase() != null && !properties.apiBase().isBlank()) {
            builder.setApiBase(properties.apiBase().strip());
        }
        return builder.build();
    }

    boolean configured() {
        return client != null;
    }

    StripeOutcome charge(Charge charge) {
        var params = PaymentIntentCreateParams.builder()
                .setAmount(charge.amountMinor())
                .setCurrency(charge.currency().toLowerCase(Locale.ROOT))
                .setCustomer(charge.customer())
                .setPaymentMethod(charge.paymentMethod())
                .setConfirm(true)
                .setOffSession(true)
                // off-session: nobody could follow a redirect, so payment methods that need one are out
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build())
                .setDescription(charge.description())
                .putAllMetadata(charge.metadata())
                .build();
        return observed("payment_intents.create", () -> paymentIntent(
                client.v1().paymentIntents().create(params, idempotent(charge.idempotencyKey()))));
    }

    StripeOutcome retrievePaymentIntent(String id) {
        return observed("payment_intents.retrieve", () -> paymentIntent(client.v1().paymentIntents().retrieve(id)));
    }

    StripeOutcome refund(RefundRequest refund) {
        var params = RefundCreateParams.builder()
                .setPaymentIntent(refund.paymentIntentId())
                .setAmount(refund.amountMinor())
                .putAllMetadata(refund.metadata())
                .build();
        return observed("refunds.create", () -> refund(
                client.v1().refunds().create(params, idempotent(refund.idempotencyKey()))));
    }

    StripeOutcome retrieveRefund(String id) {
        return observed("refunds.retrieve", () -> refund(client.v1().refunds().retrieve(id)));
    }

    private interface StripeCall {
        StripeOutcome run() throws StripeException;
    }

    /**
     * One request to Stripe as a span "stripe payment_intents.create" and a timer, tagged with
     * the operation and how it ended: {@code succeeded}, {@code pending}, {@code failed},
     * {@code retry} (no answer, 409, 429, 5xx), {@code not_configured} (the key refused).
     */
    private StripeOutcome observed(String operation, StripeCall call) {
        var observation = Observation.createNotStarted(OBSERVATION, observations)
                .contextualName("stripe " + operation)
                .lowCardinalityKeyValue("operation", operation)
                .start();
        StripeOutcome outcome = null;
        try (var scope = observation.openScope()) {
            try {
                outcome = call.run();
            } catch (StripeException e) {
                outcome = failure(e);
                observation.error(e);
            }
            return outcome;
        } catch (RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            observation.lowCardinalityKeyValue("outcome", outcome == null ? "error" : outcome(outcome)).stop();
        }
    }

    static String outcome(StripeOutcome outcome) {
        if (outcome instanceof StripeOutcome.Succeeded) {
            return "succeeded";
        }
        if (outcome instanceof StripeOutcome.Pending) {
            return "pending";
        }
        if (outcome instanceof StripeOutcome.Retry) {
            return "retry";
        }
        return outcome instanceof StripeOutcome.NotConfigured ? "not_configured" : "failed";
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    static StripeOutcome paymentIntent(PaymentIntent intent) {
        String id = intent.getId();
        String status = intent.getStatus() == null ? "" : intent.getStatus();
        return switch (status) {
            case "succeeded" -> new StripeOutcome.Succeeded(id);
            case "processing" -> new StripeOutcome.Pending(id);
            case "requires_action" -> new StripeOutcome.Failed(id,
                    "requires_action: the card asks for authentication, which an off-session payment cannot give");
            case "requires_payment_method" -> new StripeOutcome.Failed(id, describe(intent.getLastPaymentError(),
                    "requires_payment_method: the payment method was declined"));
            case "canceled" -> new StripeOutcome.Failed(id, "canceled"
                    + (intent.getCancellationReason() == null ? "" : ": " + intent.getCancellationReason()));
            default -> new StripeOutcome.Failed(id, "unexpected PaymentIntent status '" + status + "'");
        };
    }

    static StripeOutcome refund(Refund refund) {
        String id = refund.getId();
        String status = refund.getStatus() == null ? "" : refund.getStatus();
        return switch (status) {
            case "succeeded" -> new StripeOutcome.Succeeded(id);
            case "pending", "requires_action" -> new StripeOutcome.Pending(id);
            case "failed", "canceled" -> new StripeOutcome.Failed(id, "refund " + status
                    + (refund.getFailureReason() == null ? "" : ": " + refund.getFailureReason()));
            default -> new StripeOutcome.Failed(id, "unexpected Refund status '" + status + "'");
        };
    }

    /**
     * Retry only what may succeed unchanged: no answer at all, 429, 409 (a request with the same
     * key still in flight) and 5xx. Anything Stripe decided is final.
     */
    static StripeOutcome failure(StripeException e) {
        Integer status = e.getStatusCode();
        String reason = describe(e);
        if (e instanceof CardException card) {
            StripeError error = card.getStripeError();
            String intentId = error == null || error.getPaymentIntent() == null ? null : error.getPaymentIntent().getId();
            return new StripeOutcome.Failed(intentId, reason);
        }
        if (e instanceof AuthenticationException) {
            return new StripeOutcome.NotConfigured("Stripe refused our API key: " + reason);
        }
        if (e instanceof ApiConnectionException || e instanceof RateLimitException || status == null
                || status == 0 || status == 409 || status == 429 || status >= 500) {
            return new StripeOutcome.Retry(reason);
        }
        return new StripeOutcome.Failed(null, reason);
    }

    private static String describe(StripeException e) {
        StripeError error = e.getStripeError();
        // stripe-java reports "no answer at all" as status 0 or null
        String prefix = e.getStatusCode() == null || e.getStatusCode() == 0 ? e.getClass().getSimpleName()
                : "HTTP " + e.getStatusCode();
        if (error == null) {
            return prefix + ": " + firstSentence(e.getMessage());
        }
        return prefix + " " + describe(error, e.getMessage());
    }

    private static String describe(StripeError error, String fallback) {
        if (error == null) {
            return fallback;
        }
        var parts = new StringBuilder();
        if (error.getCode() != null) {
            parts.append(error.getCode());
        }
        if (error.getDeclineCode() != null) {
            parts.append(parts.isEmpty() ? "" : "/").append(error.getDeclineCode());
        }
        String message = error.getMessage() == null ? fallback : error.getMessage();
        return parts.isEmpty() ? message : parts + ": " + message;
    }

    /** stripe-java's network messages go on with advice for humans: the cause is enough. */
    private static String firstSentence(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf(" Please check");
        return end < 0 ? message : message.substring(0, end);
    }
}
