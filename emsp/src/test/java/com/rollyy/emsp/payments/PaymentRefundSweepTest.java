package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeStripe;
import com.rollyy.emsp.support.TestHttp;

/**
 * The sweep of refunds left PENDING because Stripe did not answer: sent again with the same
 * idempotency key once older than {@code rollyy.payments.refund-retry-after}, settled from
 * Stripe's answer, never refunded twice, never asked about twice at once by two instances.
 */
class PaymentRefundSweepTest extends EmspIntegrationTest {

    @Autowired
    PaymentService payments;

    /** The sweep the recurring task {@code stripe-refund-sweep} runs. */
    @Autowired
    PaymentRefunds refunds;

    @Autowired
    MeterRegistry meters;

    private Payment charged(String cdrId, String amount) {
        payments.queue(new PaymentOrder(new ObjectKey("NL", "SIM", cdrId), null, new BigDecimal(amount), "EUR", null,
                "JOB-" + cdrId, false, null, false, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> payments.forCdr(new ObjectKey("NL", "SIM", cdrId))
                .orElseThrow().status() == PaymentStatus.SUCCEEDED);
        return payments.forCdr(new ObjectKey("NL", "SIM", cdrId)).orElseThrow();
    }

    private TestHttp.Response refund(UUID id, String amount) {
        return api("POST", "/v1/payments/" + id + "/refund").json("{\"amount\":\"" + amount + "\"}").send();
    }

    private JsonNode shown(UUID id) {
        return api("GET", "/v1/payments/" + id).send().json();
    }

    /** As if the refund's last try at Stripe was longer ago than refund-retry-after (2m). */
    private void ageRefunds() {
        jdbc.sql("update payment_refund set updated_at = now() - interval '3 minutes' where status = 'PENDING'").update();
    }

    private double retried(String outcome) {
        var counter = meters.find("rollyy.payments.refunds.retried").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRefundWhoseAnswerWasLostIsSentAgainWithItsKeyAndSucceedsWithOneRefundAtStripe() {
        Payment paid = charged("CDR1", "8.40");
        // the answer and its replay are both lost (the JDK transport may resend a POST once by itself)
        STRIPE.dropNext(2);

        var lost = refund(paid.id(), "3.00");
        assertThat(lost.status()).as(lost.toString()).isEqualTo(503);
        assertThat(lost.json().get("message").asString()).contains("PENDING", "sent again by itself after");
        assertThat(shown(paid.id()).get("refunds").get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(STRIPE.refundsCreated()).as("Stripe did refund, we never heard").isEqualTo(1);

        int triesBefore = STRIPE.requests("POST", "/v1/refunds").size();
        assertThat(refunds.retryPending()).as("not PENDING for 2 minutes yet").isZero();
        assertThat(STRIPE.requests("POST", "/v1/refunds")).hasSize(triesBefore);

        double succeededBefore = retried("succeeded");
        ageRefunds();
        assertThat(refunds.retryPending()).isEqualTo(1);

        JsonNode payment = shown(paid.id());
        JsonNode row = payment.get("refunds").get(0);
        assertThat(row.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(row.get("stripe_refund_id").asString()).startsWith("re_");
        assertThat(payment.get("amount_refunded").decimalValue()).isEqualByComparingTo("3.00");
        assertThat(STRIPE.refundsCreated()).as("no second refund").isEqualTo(1);
        List<FakeStripe.Request> sent = STRIPE.requests("POST", "/v1/refunds");
        assertThat(sent).as("the sweep sent it once more").hasSize(triesBefore + 1);
        assertThat(sent).extracting(FakeStripe.Request::idempotencyKey).containsOnly(sent.get(0).idempotencyKey());
        assertThat(sent).extracting(FakeStripe.Request::form).containsOnly(sent.get(0).form());
        assertThat(retried("succeeded") - succeededBefore).isEqualTo(1);

        ageRefunds();
        assertThat(refunds.retryPending()).as("a settled refund is not asked about again").isZero();
    }

    @Test
    void aRefundStillUnansweredStaysPendingAndIsTriedAgainAtTheNextSweep() {
        Payment paid = charged("CDR1", "8.40");
        STRIPE.failNext(1);
        assertThat(refund(paid.id(), "8.40").status()).isEqualTo(503);
        assertThat(STRIPE.refundsCreated()).isZero();

        ageRefunds();
        STRIPE.failNext(1);
        assertThat(refunds.retryPending()).isEqualTo(1);
        JsonNode row = shown(paid.id()).get("refunds").get(0);
        assertThat(row.get("status").asString()).isEqualTo("PENDING");
        assertThat(row.get("failure_reason").asString()).contains("HTTP 500");
        assertThat(refund(paid.id(), "0.01").status()).as("the PENDING refund still counts").isEqualTo(409);
        assertThat(refunds.retryPending()).as("tried just now: waits refund-retry-after again").isZero();

        ageRefunds();
        assertThat(refunds.retryPending()).isEqualTo(1);
        assertThat(shown(paid.id()).get("refunds").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(STRIPE.refundsCreated()).isEqualTo(1);
        assertThat(STRIPE.requests("POST", "/v1/refunds")).hasSize(3)
                .extracting(FakeStripe.Request::idempotencyKey).containsOnly(
                        STRIPE.requests("POST", "/v1/refunds").get(0).idempotencyKey());
    }

    @Test
    void aRefundStripeRefusesAtTheSweepIsFailedWithItsReasonAndFreesTheAmount() {
        Payment paid = charged("CDR1", "8.40");
        STRIPE.failNext(1);
        assertThat(refund(paid.id(), "5.00").status()).isEqualTo(503);

        ageRefunds();
        STRIPE.refuseRefundNext();
        assertThat(refunds.retryPending()).isEqualTo(1);

        JsonNode payment = shown(paid.id());
        JsonNode row = payment.get("refunds").get(0);
        assertThat(row.get("status").asString()).isEqualTo("FAILED");
        assertThat(row.get("failure_reason").asString()).contains("charge_disputed");
        assertThat(payment.get("amount_refunded").decimalValue()).isEqualByComparingTo("0");
        assertThat(STRIPE.refundsCreated()).isZero();
        ageRefunds();
        assertThat(refunds.retryPending()).as("FAILED is final").isZero();
        assertThat(STRIPE.requests("POST", "/v1/refunds")).hasSize(2);
    }

    @Test
    void twoInstancesSweepingAtOnceAskAboutEachRefundOnce() throws Exception {
        var paid = new ArrayList<Payment>();
        for (int i = 0; i < 3; i++) {
            paid.add(charged("CDR" + i, "8.40"));
        }
        for (Payment p : paid) {
            STRIPE.failNext(1);
            assertThat(refund(p.id(), "1.00").status()).isEqualTo(503);
        }
        ageRefunds();
        STRIPE.delay(Duration.ofMillis(300));

        var first = CompletableFuture.supplyAsync(refunds::retryPending);
        var second = CompletableFuture.supplyAsync(refunds::retryPending);
        assertThat(first.get() + second.get()).isEqualTo(3);

        assertThat(STRIPE.requests("POST", "/v1/refunds")).as("3 lost, then each once").hasSize(6);
        assertThat(STRIPE.refundsCreated()).isEqualTo(3);
        for (Payment p : paid) {
            assertThat(shown(p.id()).get("refunds").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        }
    }
}
