package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** POST /v1/payments/{id}/refund against the fake Stripe: full or partial, never more than charged, once per key. */
class PaymentRefundTest extends EmspIntegrationTest {

    @Autowired
    PaymentService payments;

    private Payment charged(String cdrId, String amount) {
        payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", cdrId), null, new BigDecimal(amount), "EUR", null,
                "JOB-" + cdrId, false, null, false, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> payments.forCdr(new ObjectKey("NL", "SIM", cdrId))
                .orElseThrow().status() == PaymentStatus.SUCCEEDED);
        return payments.forCdr(new ObjectKey("NL", "SIM", cdrId)).orElseThrow();
    }

    private TestHttp.Response refund(UUID id, String body) {
        var request = api("POST", "/v1/payments/" + id + "/refund");
        return (body == null ? request : request.json(body)).send();
    }

    @Test
    void aPartialThenAFullRefundGiveBackExactlyWhatWasChargedAndShowInThePayment() {
        Payment paid = charged("CDR1", "8.4049");

        var partial = refund(paid.id(), "{\"amount\":\"2.50\"}");
        assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
        assertThat(partial.json().get("amount_refunded").decimalValue()).isEqualByComparingTo("2.50");
        var first = partial.json().get("refunds").get(0);
        assertThat(first.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("amount").decimalValue()).isEqualByComparingTo("2.50");
        assertThat(first.get("amount_minor").asLong()).isEqualTo(250);
        assertThat(first.get("stripe_refund_id").asString()).startsWith("re_");
        var sent = STRIPE.requests("POST", "/v1/refunds");
        assertThat(sent).singleElement().satisfies(r -> {
            assertThat(r.form()).containsEntry("payment_intent", paid.stripeId()).containsEntry("amount", "250")
                    .containsEntry("metadata[payment_id]", paid.id().toString());
            assertThat(r.idempotencyKey()).startsWith("rollyy-refund-");
        });

        // no amount: all that is left (8.40 charged, 2.50 back)
        var rest = refund(paid.id(), null);
        assertThat(rest.status()).as(rest.toString()).isEqualTo(200);
        assertThat(rest.body()).contains("\"amount_refunded\":8.40");
        assertThat(STRIPE.requests("POST", "/v1/refunds").get(1).form()).containsEntry("amount", "590");

        var shown = api("GET", "/v1/payments/" + paid.id()).send().json();
        assertThat(shown.get("refunds")).hasSize(2);
        assertThat(shown.get("status").asString()).as("the charge itself stays SUCCEEDED").isEqualTo("SUCCEEDED");

        var nothingLeft = refund(paid.id(), "{\"amount\":\"0.01\"}");
        assertThat(nothingLeft.status()).isEqualTo(409);
        assertThat(nothingLeft.json().get("error").asString()).isEqualTo("amount_exceeds_refundable");
        assertThat(refund(paid.id(), "{}").json().get("error").asString()).isEqualTo("nothing_refundable");
        assertThat(STRIPE.refundsCreated()).isEqualTo(2);
    }

    @Test
    void theSameIdempotencyKeyRefundsOnceEvenWhenStripeDidNotAnswerTheFirstTime() {
        Payment paid = charged("CDR1", "8.40");
        STRIPE.failNext(1);

        var failed = api("POST", "/v1/payments/" + paid.id() + "/refund").header("Idempotency-Key", "click-1")
                .json("{\"amount\":\"3.00\"}").send();
        assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
        assertThat(failed.json().get("error").asString()).isEqualTo("stripe_unavailable");
        assertThat(api("GET", "/v1/payments/" + paid.id()).send().json().get("refunds").get(0).get("status").asString())
                .isEqualTo("PENDING");

        for (int click = 0; click < 2; click++) {
            var again = api("POST", "/v1/payments/" + paid.id() + "/refund").header("Idempotency-Key", "click-1")
                    .json("{\"amount\":\"3.00\"}").send();
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.json().get("refunds")).hasSize(1);
            assertThat(again.json().get("amount_refunded").decimalValue()).isEqualByComparingTo("3.00");
        }
        assertThat(STRIPE.refundsCreated()).isEqualTo(1);
        assertThat(STRIPE.requests("POST", "/v1/refunds")).extracting(FakeStripeRequest::key)
                .as("every try sent the one key of that refund").containsOnly(
                        STRIPE.requests("POST", "/v1/refunds").get(0).idempotencyKey());
    }

    private interface FakeStripeRequest {
        static String key(com.rollyy.emsp.support.FakeStripe.Request request) {
            return request.idempotencyKey();
        }
    }

    @Test
    void badAmountsAndPaymentsThatCannotBeRefundedAreRefusedNamingWhy() {
        Payment paid = charged("CDR1", "8.40");

        for (String bad : new String[] {"\"abc\"", "\"1,50\"", "\"\""}) {
            var answer = refund(paid.id(), "{\"amount\":" + bad + "}");
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("error").asString()).isEqualTo("invalid_request");
            assertThat(answer.json().get("message").asString()).contains("'amount'");
        }
        var tooPrecise = refund(paid.id(), "{\"amount\":\"1.005\"}");
        assertThat(tooPrecise.status()).isEqualTo(400);
        assertThat(tooPrecise.json().get("message").asString()).contains("'amount'", "at most 2 decimals in EUR");
        var zero = refund(paid.id(), "{\"amount\":\"0.00\"}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("message").asString()).contains("'amount'", "more than 0");
        var tooMuch = refund(paid.id(), "{\"amount\":\"8.41\"}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("message").asString())
                .contains("'amount'", "8.41 EUR", "8.40 EUR of 8.40 EUR charged");
        assertThat(refund(paid.id(), "{\"amount\":").status()).as("malformed JSON").isEqualTo(400);

        paymentsProperties.setHoldOnDiscrepancy(true);
        payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", "CDR2"), null, new BigDecimal("5.00"), "EUR", null,
                null, false, null, true, "CPO 5.00, ours 4.00"));
        Payment held = payments.forCdr(new ObjectKey("NL", "SIM", "CDR2")).orElseThrow();
        var notYet = refund(held.id(), null);
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.json().get("error").asString()).isEqualTo("not_refundable");
        assertThat(notYet.json().get("message").asString()).contains("HELD");
        assertThat(refund(UUID.randomUUID(), null).status()).isEqualTo(404);
        assertThat(STRIPE.requests("POST", "/v1/refunds")).isEmpty();
        assertThat(api("GET", "/v1/payments/" + paid.id()).send().json().get("amount_refunded").decimalValue())
                .isEqualByComparingTo("0");
    }

    @Test
    void whatACreditCdrRefundedIsNoLongerRefundable() {
        Payment paid = charged("CDR1", "8.40");
        payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", "CDR1-C"), null, new BigDecimal("-3.00"), "EUR",
                null, null, true, new ObjectKey("NL", "SIM", "CDR1"), false, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> STRIPE.refundsCreated() == 1);

        var tooMuch = refund(paid.id(), "{\"amount\":\"5.41\"}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().get("message").asString()).contains("5.40 EUR");
        assertThat(refund(paid.id(), "{\"amount\":\"5.40\"}").status()).isEqualTo(200);
    }

    @Test
    void aPendingRefundCountsAndIsSettledByStripesWebhook() {
        Payment paid = charged("CDR1", "8.40");
        STRIPE.pendingRefundNext();

        var pending = refund(paid.id(), "{\"amount\":\"8.00\"}");
        assertThat(pending.status()).as(pending.toString()).isEqualTo(200);
        var row = pending.json().get("refunds").get(0);
        assertThat(row.get("status").asString()).isEqualTo("PENDING");
        assertThat(pending.json().get("amount_refunded").decimalValue()).as("Stripe has it").isEqualByComparingTo("8.00");
        assertThat(refund(paid.id(), "{\"amount\":\"0.50\"}").status()).as("only 0.40 left").isEqualTo(409);

        String refundId = row.get("stripe_refund_id").asString();
        var event = STRIPE.event("refund.updated", java.util.Map.of("id", refundId, "object", "refund",
                "status", "succeeded", "amount", 800, "payment_intent", paid.stripeId(),
                "metadata", java.util.Map.of("payment_id", paid.id().toString())));
        var answer = STRIPE.sendWebhook(url("/v1/payments/stripe/webhook"), event);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);

        var shown = api("GET", "/v1/payments/" + paid.id()).send().json();
        assertThat(shown.get("refunds").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(shown.get("status").asString()).as("the charge is untouched").isEqualTo("SUCCEEDED");
    }
}
