package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeStripe;

/** Stripe's webhook: signed, de-duplicated, and only ever finishing an open payment. */
class StripeWebhookTest extends EmspIntegrationTest {

    private static final String PATH = "/v1/payments/stripe/webhook";

    @Autowired
    PaymentService payments;

    @Autowired
    RecordedPaymentEvents events;

    @BeforeEach
    void noEvents() {
        events.clear();
    }

    private static ObjectKey cdr(String id) {
        return new ObjectKey("NL", "SIM", id);
    }

    /** A payment Stripe is still processing: only a webhook (or the recheck in an hour) settles it. */
    private Payment processing(String cdrId) {
        STRIPE.processingNext();
        payments.queue(new PaymentOrder(cdr(cdrId), null, new BigDecimal("8.40"), "EUR", null, "JOB-" + cdrId, false,
                null, false, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> payments.forCdr(cdr(cdrId))
                .map(p -> p.stripeId() != null).orElse(false));
        Payment payment = payments.forCdr(cdr(cdrId)).orElseThrow();
        assertThat(payment.status()).isEqualTo(PaymentStatus.PROCESSING);
        return payment;
    }

    private Payment current(String cdrId) {
        return payments.forCdr(cdr(cdrId)).orElseThrow();
    }

    @Test
    void aSignedSucceededEventSettlesThePaymentOnceEvenWhenDeliveredTwice() {
        Payment payment = processing("CDR1");
        STRIPE.settle(payment.stripeId(), "succeeded");
        String event = STRIPE.paymentIntentEvent("payment_intent.succeeded", payment.stripeId());

        // no X-API-Key: Stripe cannot send one
        var first = STRIPE.sendWebhook(url(PATH), event);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("result").asString()).isEqualTo("applied");
        assertThat(current("CDR1").status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(events.all()).singleElement().satisfies(recorded -> {
            assertThat(recorded.inTransaction()).isTrue();
            assertThat(recorded.event()).isEqualTo(new PaymentSucceeded(payment.id(), cdr("CDR1"), "JOB-CDR1", 840,
                    "EUR", payment.stripeId()));
        });

        var again = STRIPE.sendWebhook(url(PATH), event);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("result").asString()).isEqualTo("duplicate");
        // the same news in another event: recorded, but nothing moves
        var other = STRIPE.sendWebhook(url(PATH), STRIPE.paymentIntentEvent("payment_intent.succeeded",
                payment.stripeId()));
        assertThat(other.json().get("result").asString()).isEqualTo("ignored");
        assertThat(events.all()).hasSize(1);
        assertThat(jdbc.sql("select count(*) from stripe_event").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aPaymentFailedEventFailsThePaymentWithStripesReason() {
        Payment payment = processing("CDR1");
        var intent = new LinkedHashMap<>(STRIPE.paymentIntent(payment.stripeId()));
        intent.put("status", "requires_payment_method");
        intent.put("last_payment_error", Map.of("type", "card_error", "code", "card_declined",
                "decline_code", "expired_card", "message", "Your card has expired."));

        var response = STRIPE.sendWebhook(url(PATH), STRIPE.event("payment_intent.payment_failed", intent));

        assertThat(response.status()).isEqualTo(200);
        Payment failed = current("CDR1");
        assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("expired_card: Your card has expired.");
        assertThat(events.of(PaymentFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(failed.failureReason()));
        // a later contradicting event does not reopen it
        STRIPE.sendWebhook(url(PATH), STRIPE.paymentIntentEvent("payment_intent.succeeded", payment.stripeId()));
        assertThat(current("CDR1").status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(events.all()).hasSize(1);
    }

    @Test
    void aCanceledEventFailsThePayment() {
        Payment payment = processing("CDR1");
        var intent = new LinkedHashMap<>(STRIPE.paymentIntent(payment.stripeId()));
        intent.put("status", "canceled");
        intent.put("cancellation_reason", "abandoned");

        STRIPE.sendWebhook(url(PATH), STRIPE.event("payment_intent.canceled", intent));

        assertThat(current("CDR1").status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(current("CDR1").failureReason()).isEqualTo("canceled: abandoned");
    }

    @Test
    void anIntentWeNeverHeardBackAboutIsFoundByItsPaymentId() {
        Payment payment = processing("CDR1");
        // as if the create's answer had been lost: we hold no Stripe id
        jdbc.sql("update payment set stripe_id = null").update();
        var intent = new LinkedHashMap<>(STRIPE.paymentIntent(payment.stripeId()));
        intent.put("status", "succeeded");

        STRIPE.sendWebhook(url(PATH), STRIPE.event("payment_intent.succeeded", intent));

        assertThat(current("CDR1").status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(current("CDR1").stripeId()).isEqualTo(payment.stripeId());
    }

    @Test
    void badOrMissingSignaturesAreRefused() {
        Payment payment = processing("CDR1");
        String event = STRIPE.paymentIntentEvent("payment_intent.succeeded", payment.stripeId());

        var wrongSecret = STRIPE.sendWebhook(url(PATH), event, FakeStripe.signature(event, "whsec_other"));
        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(wrongSecret.json().get("error").asString()).isEqualTo("invalid_request");
        var missing = STRIPE.sendWebhook(url(PATH), event, null);
        assertThat(missing.status()).isEqualTo(400);
        String signed = FakeStripe.signature(event, FakeStripe.WEBHOOK_SECRET);
        var tampered = STRIPE.sendWebhook(url(PATH), event.replace("succeeded", "succeeded "), signed);
        assertThat(tampered.status()).isEqualTo(400);
        long old = Instant.now().minusSeconds(3600).getEpochSecond();
        String stale;
        try {
            stale = com.stripe.net.Webhook.Signature.generateSignatureHeader(event, FakeStripe.WEBHOOK_SECRET, old);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        assertThat(STRIPE.sendWebhook(url(PATH), event, stale).status()).isEqualTo(400);

        assertThat(current("CDR1").status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(jdbc.sql("select count(*) from stripe_event").query(Integer.class).single()).isZero();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void eventsAboutObjectsWeDoNotKnowAreAcknowledged() {
        var unknown = new LinkedHashMap<String, Object>();
        unknown.put("id", "pi_somebody_else");
        unknown.put("object", "payment_intent");
        unknown.put("status", "succeeded");
        unknown.put("metadata", Map.of());

        var response = STRIPE.sendWebhook(url(PATH), STRIPE.event("payment_intent.succeeded", unknown));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("result").asString()).isEqualTo("ignored");

        var otherType = STRIPE.sendWebhook(url(PATH), STRIPE.event("customer.created",
                Map.of("id", "cus_1", "object", "customer")));
        assertThat(otherType.status()).isEqualTo(200);
        assertThat(otherType.json().get("result").asString()).isEqualTo("ignored");
        assertThat(events.all()).isEmpty();
    }
}
