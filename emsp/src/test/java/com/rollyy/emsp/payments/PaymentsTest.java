package com.rollyy.emsp.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.FakeStripe;

/** Charging CDRs through the fake Stripe: exactly once, whatever fails on the way. */
class PaymentsTest extends EmspIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Autowired
    PaymentService payments;

    @Autowired
    PaymentExecutor executor;

    @Autowired
    RecordedPaymentEvents events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    PaymentSweep sweep;

    @Autowired
    PaymentRepository repository;

    @Autowired
    PaymentTransitions transitions;

    @Autowired
    com.github.kagkarlsson.scheduler.SchedulerClient scheduler;

    @BeforeEach
    void noEvents() {
        events.clear();
    }

    static ObjectKey cdr(String id) {
        return new ObjectKey("NL", "SIM", id);
    }

    static PaymentOrder order(String cdrId, String amount) {
        return new PaymentOrder(cdr(cdrId), null, new BigDecimal(amount), "EUR", null, "JOB-" + cdrId, false, null,
                false, null);
    }

    private Payment payment(String cdrId) {
        return payments.forCdr(cdr(cdrId)).orElseThrow();
    }

    private Payment awaitStatus(String cdrId, PaymentStatus status) {
        await().atMost(WAIT).until(() -> payment(cdrId).status() == status);
        return payment(cdrId);
    }

    private static String key(String cdrId) {
        return "rollyy-cdr-NL-SIM-" + cdrId;
    }

    @Test
    void aChargeSendsOneConfirmedOffSessionPaymentIntentAndPublishesOneEvent() {
        assertThat(payments.queue(order("CDR1", "8.4049"))).isTrue();

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);

        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        var sent = STRIPE.requests("POST", "/v1/payment_intents");
        assertThat(sent).hasSize(1);
        var form = sent.get(0).form();
        assertThat(form).containsEntry("amount", "840").containsEntry("currency", "eur")
                .containsEntry("customer", "cus_fleet_default").containsEntry("payment_method", "pm_fleet_default")
                .containsEntry("confirm", "true").containsEntry("off_session", "true")
                .containsEntry("automatic_payment_methods[allow_redirects]", "never")
                .containsEntry("metadata[cdr]", "NL/SIM/CDR1").containsEntry("metadata[robot_job_id]", "JOB-CDR1")
                .containsEntry("metadata[payment_id]", paid.id().toString());
        assertThat(sent.get(0).idempotencyKey()).isEqualTo(key("CDR1"));

        assertThat(paid.kind()).isEqualTo(PaymentKind.CHARGE);
        assertThat(paid.amount()).isEqualByComparingTo("8.4049");
        assertThat(paid.amountMinor()).isEqualTo(840);
        assertThat(paid.currency()).isEqualTo("EUR");
        assertThat(paid.fleetId()).isEqualTo("default");
        assertThat(paid.attempts()).isEqualTo(1);
        assertThat(paid.stripeId()).isEqualTo(STRIPE.paymentIntents().get(0).get("id"));

        await().atMost(WAIT).until(() -> !events.all().isEmpty());
        assertThat(events.all()).singleElement().satisfies(recorded -> {
            assertThat(recorded.inTransaction()).isTrue();
            assertThat(recorded.event()).isEqualTo(new PaymentSucceeded(paid.id(), cdr("CDR1"), "JOB-CDR1", 840,
                    "EUR", paid.stripeId()));
        });
        assertThat(payments.forJob("JOB-CDR1")).extracting(Payment::id).containsExactly(paid.id());
        // the task is gone: nothing is left to do for a final payment
        assertThat(jdbc.sql("select count(*) from scheduled_tasks").query(Integer.class).single()).isZero();
    }

    @Test
    void queueingTheSameCdrTwiceMakesOnePaymentAndOnePaymentIntent() {
        assertThat(payments.queue(order("CDR1", "8.40"))).isTrue();
        assertThat(payments.queue(order("CDR1", "99.00"))).isFalse();

        awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        assertThat(jdbc.sql("select count(*) from payment").query(Integer.class).single()).isEqualTo(1);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(payment("CDR1").amountMinor()).isEqualTo(840);
        // queueing after success changes nothing either
        assertThat(payments.queue(order("CDR1", "8.40"))).isFalse();
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).hasSize(1);
    }

    @Test
    void aPaymentIsStoredAndScheduledInTheCallersTransaction() {
        tx.executeWithoutResult(status -> {
            payments.queue(order("CDR1", "8.40"));
            status.setRollbackOnly();
        });
        assertThat(payments.forCdr(cdr("CDR1"))).isEmpty();
        assertThat(jdbc.sql("select count(*) from scheduled_tasks").query(Integer.class).single()).isZero();
        assertThat(STRIPE.requests()).isEmpty();
    }

    @Test
    void aServerErrorIsRetriedWithTheSameKey() {
        STRIPE.failNext(1);
        payments.queue(order("CDR1", "8.40"));

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);

        assertThat(paid.attempts()).isEqualTo(2);
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).hasSize(2)
                .allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(key("CDR1")));
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(events.of(PaymentSucceeded.class)).hasSize(1);
    }

    @Test
    void aRateLimitIsRetried() {
        STRIPE.rateLimitNext(1);
        payments.queue(order("CDR1", "8.40"));

        assertThat(awaitStatus("CDR1", PaymentStatus.SUCCEEDED).attempts()).isEqualTo(2);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void aConnectionLostAfterStripeChargedIsRetriedIntoTheSameOnePaymentIntent() {
        STRIPE.chargeThenDropConnection();
        payments.queue(order("CDR1", "8.40"));

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);

        var sent = STRIPE.requests("POST", "/v1/payment_intents");
        assertThat(sent.size()).isGreaterThanOrEqualTo(2);
        assertThat(sent).allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(key("CDR1")));
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(paid.stripeId()).isEqualTo(STRIPE.paymentIntents().get(0).get("id"));
        assertThat(events.of(PaymentSucceeded.class)).hasSize(1);
    }

    @Test
    void connectionsLostAgainAndAgainAreRetriedByTheTaskIntoTheSameOnePaymentIntent() {
        // the first answer and its replay are both lost: stripe-java reports the failure (the
        // JDK transport may resend a POST once by itself), so the task's own retry must settle it
        STRIPE.dropNext(2);
        payments.queue(order("CDR1", "8.40"));

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);

        assertThat(paid.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(key("CDR1")));
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(events.of(PaymentSucceeded.class)).hasSize(1);
    }

    @Test
    void aCrashAfterStripeChargedIsRunAgainIntoTheSameOnePaymentIntent() {
        // the state a crash leaves: the attempt committed (PROCESSING, 1 attempt), the task row
        // picked by an instance that died, and Stripe holding the PaymentIntent for our key
        tx.executeWithoutResult(status -> {
            payments.queue(order("CDR1", "8.40"));
            jdbc.sql("update payment set status = 'PROCESSING', attempts = 1").update();
            jdbc.sql("update scheduled_tasks set picked = true, picked_by = 'crashed-instance',"
                    + " last_heartbeat = now() - interval '1 hour'").update();
        });
        Payment before = payment("CDR1");
        var crashed = com.stripe.StripeClient.builder().setApiKey(FakeStripe.API_KEY).setApiBase(STRIPE.baseUrl())
                .build();
        try {
            crashed.v1().paymentIntents().create(com.stripe.param.PaymentIntentCreateParams.builder()
                            .setAmount(840L).setCurrency("eur").setCustomer("cus_fleet_default")
                            .setPaymentMethod("pm_fleet_default").setConfirm(true).setOffSession(true)
                            .setAutomaticPaymentMethods(com.stripe.param.PaymentIntentCreateParams.AutomaticPaymentMethods
                                    .builder().setEnabled(true).setAllowRedirects(com.stripe.param
                                            .PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                                    .build())
                            .setDescription("Charging session, CDR NL/SIM/CDR1")
                            .putMetadata("payment_id", before.id().toString()).putMetadata("cdr", "NL/SIM/CDR1")
                            .putMetadata("fleet_id", "default").putMetadata("robot_job_id", "JOB-CDR1").build(),
                    com.stripe.net.RequestOptions.builder().setIdempotencyKey(key("CDR1")).build());
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(payment("CDR1").status()).isEqualTo(PaymentStatus.PROCESSING);

        // what db-scheduler does with a dead execution: run it again
        jdbc.sql("update scheduled_tasks set picked = false, picked_by = null, execution_time = now()").update();

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        assertThat(paid.attempts()).isEqualTo(2);
        assertThat(STRIPE.withKey(key("CDR1"))).hasSize(2);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(events.of(PaymentSucceeded.class)).hasSize(1);
    }

    @Test
    void twoRunsOfOnePaymentAtOnceChargeOnceAndPublishOnce() {
        STRIPE.delay(Duration.ofMillis(700));
        payments.queue(order("CDR1", "8.40"));
        UUID id = payment("CDR1").id();
        // the scheduler's run is under way; a second run of the same task body joins it
        await().atMost(WAIT).until(() -> !STRIPE.requests().isEmpty());
        var second = CompletableFuture.supplyAsync(() -> executor.run(id));

        awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        assertThat(second.join().at()).isNull();
        assertThat(STRIPE.withKey(key("CDR1"))).hasSize(2);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(events.of(PaymentSucceeded.class)).hasSize(1);
        // and a run of a final payment sends nothing
        assertThat(executor.run(id).at()).isNull();
        assertThat(STRIPE.withKey(key("CDR1"))).hasSize(2);
    }

    @Test
    void anOpenPaymentWhoseTaskIsGoneIsScheduledAgainByTheSweep() {
        tx.executeWithoutResult(status -> {
            payments.queue(order("CDR1", "8.40"));
            jdbc.sql("delete from scheduled_tasks").update();
        });
        assertThat(sweep.sweep(scheduler)).isZero();
        jdbc.sql("update payment set updated_at = now() - interval '2 minutes'").update();

        assertThat(sweep.sweep(scheduler)).isEqualTo(1);

        awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
        assertThat(sweep.sweep(scheduler)).isZero();
    }

    @Test
    void aDeclinedCardFailsAtOnceWithTheReason() {
        STRIPE.declineNext();
        payments.queue(order("CDR1", "8.40"));

        Payment failed = awaitStatus("CDR1", PaymentStatus.FAILED);

        assertThat(failed.failureReason()).contains("card_declined").contains("insufficient_funds")
                .contains("Your card has insufficient funds.");
        assertThat(failed.stripeId()).isEqualTo(STRIPE.paymentIntents().get(0).get("id"));
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).hasSize(1);
        await().atMost(WAIT).until(() -> !events.all().isEmpty());
        assertThat(events.all()).singleElement().satisfies(recorded -> {
            assertThat(recorded.inTransaction()).isTrue();
            assertThat(recorded.event()).isEqualTo(new PaymentFailed(failed.id(), cdr("CDR1"), "JOB-CDR1", 840, "EUR",
                    failed.failureReason()));
        });
    }

    @Test
    void afterMaxAttemptsThePaymentFails() {
        STRIPE.failNext(100);
        payments.queue(order("CDR1", "8.40"));

        Payment failed = awaitStatus("CDR1", PaymentStatus.FAILED);

        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.failureReason()).startsWith("gave up after 3 attempts").contains("HTTP 500");
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).hasSize(3);
        assertThat(STRIPE.paymentIntentsCreated()).isZero();
        assertThat(events.of(PaymentFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(failed.failureReason()));
        assertThat(jdbc.sql("select count(*) from scheduled_tasks").query(Integer.class).single()).isZero();
    }

    @Test
    void aDiscrepancyIsFlaggedAndChargedWhenHoldsAreOff() {
        payments.queue(new PaymentOrder(cdr("CDR1"), null, new BigDecimal("8.40"), "EUR", null, null, false, null, true,
                "CPO 8.40, ours 7.90"));

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);

        assertThat(paid.discrepancy()).isTrue();
        assertThat(paid.discrepancyDetail()).isEqualTo("CPO 8.40, ours 7.90");
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void aDiscrepancyIsHeldWhenHoldsAreOnUntilReleased() throws Exception {
        paymentsProperties.setHoldOnDiscrepancy(true);
        payments.queue(new PaymentOrder(cdr("CDR1"), null, new BigDecimal("8.40"), "EUR", null, null, false, null, true,
                "CPO 8.40, ours 7.90"));

        Payment held = payment("CDR1");
        assertThat(held.status()).isEqualTo(PaymentStatus.HELD);
        Thread.sleep(400);
        assertThat(STRIPE.requests()).isEmpty();
        assertThat(jdbc.sql("select count(*) from scheduled_tasks").query(Integer.class).single()).isZero();
        // an order without discrepancy is not held
        payments.queue(order("CDR2", "1.00"));
        awaitStatus("CDR2", PaymentStatus.SUCCEEDED);

        var released = api("POST", "/v1/payments/" + held.id() + "/release").send();
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(released.json().get("status").asString()).isEqualTo("QUEUED");

        assertThat(awaitStatus("CDR1", PaymentStatus.SUCCEEDED).discrepancy()).isTrue();
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(2);
        var again = api("POST", "/v1/payments/" + held.id() + "/release").send();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("not_releasable");
        assertThat(api("POST", "/v1/payments/" + UUID.randomUUID() + "/release").send().status()).isEqualTo(404);
    }

    @Test
    void aCreditCdrRefundsTheCreditedPayment() {
        payments.queue(order("CDR1", "8.40"));
        Payment charged = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);

        assertThat(payments.queue(new PaymentOrder(cdr("CDR1-C"), null, new BigDecimal("-3.00"), "EUR", null,
                "JOB-CDR1", true, cdr("CDR1"), false, null))).isTrue();

        Payment refund = awaitStatus("CDR1-C", PaymentStatus.SUCCEEDED);
        assertThat(refund.kind()).isEqualTo(PaymentKind.REFUND);
        assertThat(refund.amountMinor()).isEqualTo(-300);
        assertThat(refund.amount()).isEqualByComparingTo("-3.00");
        assertThat(refund.creditedCdr()).isEqualTo(cdr("CDR1"));
        assertThat(STRIPE.refundsCreated()).isEqualTo(1);
        var sent = STRIPE.requests("POST", "/v1/refunds");
        assertThat(sent).singleElement().satisfies(r -> {
            assertThat(r.idempotencyKey()).isEqualTo("rollyy-credit-NL-SIM-CDR1-C");
            assertThat(r.form()).containsEntry("payment_intent", charged.stripeId()).containsEntry("amount", "300")
                    .containsEntry("metadata[credited_cdr]", "NL/SIM/CDR1");
        });
        assertThat(refund.stripeId()).startsWith("re_");
        assertThat(events.of(PaymentSucceeded.class)).extracting(PaymentSucceeded::amountMinor)
                .containsExactlyInAnyOrder(840L, -300L);
        assertThat(payments.forJob("JOB-CDR1")).extracting(Payment::kind)
                .containsExactly(PaymentKind.CHARGE, PaymentKind.REFUND);
    }

    @Test
    void aCreditOfAFailedPaymentFailsWithoutCallingStripe() {
        STRIPE.declineNext();
        payments.queue(order("CDR1", "8.40"));
        awaitStatus("CDR1", PaymentStatus.FAILED);

        payments.queue(new PaymentOrder(cdr("CDR1-C"), null, new BigDecimal("-8.40"), "EUR", null, null, true,
                cdr("CDR1"), false, null));
        payments.queue(new PaymentOrder(cdr("CDR9-C"), null, new BigDecimal("-1.00"), "EUR", null, null, true,
                cdr("CDR9"), false, null));

        assertThat(awaitStatus("CDR1-C", PaymentStatus.FAILED).failureReason()).contains("nothing to refund");
        assertThat(awaitStatus("CDR9-C", PaymentStatus.FAILED).failureReason())
                .contains("no payment for the credited CDR NL/SIM/CDR9");
        assertThat(STRIPE.requests("POST", "/v1/refunds")).isEmpty();
    }

    @Test
    void aZeroAmountSucceedsWithoutStripe() {
        payments.queue(order("CDR1", "0.004"));

        Payment paid = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        assertThat(paid.amountMinor()).isZero();
        assertThat(paid.stripeId()).isNull();
        assertThat(STRIPE.requests()).isEmpty();
        await().atMost(WAIT).until(() -> events.of(PaymentSucceeded.class).size() == 1);
    }

    @Test
    void aChargeBelowStripesMinimumIsHeldUnsentAndReleasingItWaivesIt() throws Exception {
        payments.queue(order("CDR1", "0.30"));

        Payment held = payment("CDR1");
        assertThat(held.status()).isEqualTo(PaymentStatus.HELD);
        assertThat(held.failureReason()).startsWith("below_minimum: 0.3 EUR is below Stripe's minimum charge of 0.50 EUR");
        Thread.sleep(300);
        assertThat(STRIPE.requests()).as("never sent: Stripe refuses it, retries would not help").isEmpty();

        var released = api("POST", "/v1/payments/" + held.id() + "/release").send();
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        Payment waived = awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        assertThat(waived.waived()).isEqualTo("0.3 EUR is below Stripe's minimum charge of 0.50 EUR");
        assertThat(waived.stripeId()).isNull();
        assertThat(waived.amountMinor()).isEqualTo(30);
        assertThat(STRIPE.requests()).isEmpty();
        await().atMost(WAIT).until(() -> events.of(PaymentSucceeded.class).size() == 1);
        assertThat(api("GET", "/v1/payments/" + held.id()).send().json().get("waived").asString())
                .contains("minimum charge");
    }

    @Test
    void underPolicyWaiveATinyChargeSucceedsAtOnceAndOtherCurrenciesKeepTheirOwnMinimum() {
        paymentsProperties.setBelowMinimum(PaymentsProperties.BelowMinimum.WAIVE);
        payments.queue(order("CDR1", "0.49"));
        payments.queue(new PaymentOrder(cdr("CDR2"), null, new BigDecimal("0.40"), "GBP", null, null, false, null,
                false, null));

        assertThat(awaitStatus("CDR1", PaymentStatus.SUCCEEDED).waived()).contains("0.50 EUR");
        Payment gbp = awaitStatus("CDR2", PaymentStatus.SUCCEEDED);
        assertThat(gbp.waived()).as("0.40 GBP is above Stripe's 0.30").isNull();
        assertThat(gbp.stripeId()).startsWith("pi_");
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void aFleetWithoutAStripeCustomerIsNotConfiguredAndChargesNothing() {
        payments.queue(new PaymentOrder(cdr("CDR1"), null, new BigDecimal("8.40"), "EUR", "unknown-fleet", null, false,
                null, false, null));
        payments.queue(new PaymentOrder(cdr("CDR2"), null, new BigDecimal("8.40"), "EUR", "ACME", null, false,
                null, false, null));

        Payment waiting = awaitStatus("CDR1", PaymentStatus.NOT_CONFIGURED);
        assertThat(waiting.failureReason()).contains("fleet 'unknown-fleet'");
        awaitStatus("CDR2", PaymentStatus.SUCCEEDED);
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).singleElement()
                .satisfies(r -> assertThat(r.form()).containsEntry("customer", "cus_fleet_acme"));
        assertThat(events.of(PaymentFailed.class)).isEmpty();

        // releasing it before the fleet is configured only says so again
        assertThat(api("POST", "/v1/payments/" + waiting.id() + "/release").send().status()).isEqualTo(200);
        awaitStatus("CDR1", PaymentStatus.NOT_CONFIGURED);
        assertThat(STRIPE.requests("POST", "/v1/payment_intents")).hasSize(1);
    }

    @Test
    void withoutAStripeKeyNothingIsChargedAndThePaymentWaitsForRelease() {
        // held, so that the scheduler leaves it alone while the executor of a keyless service runs it
        paymentsProperties.setHoldOnDiscrepancy(true);
        payments.queue(new PaymentOrder(cdr("CDR1"), null, new BigDecimal("8.40"), "EUR", null, null, false, null, true,
                null));
        jdbc.sql("update payment set status = 'QUEUED'").update();
        var keyless = new PaymentExecutor(repository, transitions,
                new StripeGateway(new StripeProperties(null, STRIPE.baseUrl(), null, Duration.ofSeconds(1),
                        Duration.ofSeconds(1))), paymentsProperties);

        assertThat(keyless.run(payment("CDR1").id()).at()).isNull();

        Payment waiting = payment("CDR1");
        assertThat(waiting.status()).isEqualTo(PaymentStatus.NOT_CONFIGURED);
        assertThat(waiting.failureReason()).contains("ROLLYY_STRIPE_API_KEY");
        assertThat(waiting.attempts()).isZero();
        assertThat(STRIPE.requests()).isEmpty();
        assertThat(events.all()).isEmpty();
    }

    @Test
    void aProcessingPaymentIsSettledByReadingItAgain() {
        STRIPE.processingNext();
        payments.queue(order("CDR1", "8.40"));
        await().atMost(WAIT).until(() -> payment("CDR1").stripeId() != null);
        Payment processing = payment("CDR1");
        assertThat(processing.status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(processing.nextAttemptAt()).isNotNull();

        STRIPE.settle(processing.stripeId(), "succeeded");
        // the recheck is due (in an hour in tests): bring it forward
        jdbc.sql("update scheduled_tasks set execution_time = now()").update();

        assertThat(awaitStatus("CDR1", PaymentStatus.SUCCEEDED).stripeId()).isEqualTo(processing.stripeId());
        assertThat(STRIPE.requests("GET", "/v1/payment_intents/" + processing.stripeId())).hasSize(1);
        assertThat(STRIPE.paymentIntentsCreated()).isEqualTo(1);
    }

    @Test
    void aPendingRefundIsSettledByReadingItAgain() {
        payments.queue(order("CDR1", "8.40"));
        awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        STRIPE.pendingRefundNext();
        payments.queue(new PaymentOrder(cdr("CDR1-C"), null, new BigDecimal("-8.40"), "EUR", null, null, true,
                cdr("CDR1"), false, null));
        await().atMost(WAIT).until(() -> payment("CDR1-C").stripeId() != null);
        assertThat(payment("CDR1-C").status()).isEqualTo(PaymentStatus.PROCESSING);

        STRIPE.settle(payment("CDR1-C").stripeId(), "succeeded");
        jdbc.sql("update scheduled_tasks set execution_time = now()").update();

        awaitStatus("CDR1-C", PaymentStatus.SUCCEEDED);
        assertThat(STRIPE.refundsCreated()).isEqualTo(1);
    }

    @Test
    void theProductApiShowsAndFiltersPayments() {
        payments.queue(order("CDR1", "8.40"));
        awaitStatus("CDR1", PaymentStatus.SUCCEEDED);
        STRIPE.declineNext();
        payments.queue(order("CDR2", "2.00"));
        Payment failed = awaitStatus("CDR2", PaymentStatus.FAILED);

        var one = api("GET", "/v1/payments/" + failed.id()).send();
        assertThat(one.status()).isEqualTo(200);
        var json = one.json();
        assertThat(json.get("id").asString()).isEqualTo(failed.id().toString());
        assertThat(json.get("cdr").get("id").asString()).isEqualTo("CDR2");
        assertThat(json.get("robot_job_id").asString()).isEqualTo("JOB-CDR2");
        assertThat(json.get("kind").asString()).isEqualTo("CHARGE");
        assertThat(json.get("amount").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(json.get("amount_minor").asLong()).isEqualTo(200);
        assertThat(one.body()).as("a plain decimal at the currency's scale").contains("\"amount_charged\":2.00");
        assertThat(json.get("status").asString()).isEqualTo("FAILED");
        assertThat(json.get("failure_reason").asString()).contains("card_declined");
        assertThat(json.get("stripe_id").asString()).startsWith("pi_");

        assertThat(api("GET", "/v1/payments").send().json().size()).isEqualTo(2);
        assertThat(ids(api("GET", "/v1/payments?status=succeeded").send().json()))
                .containsExactly(payment("CDR1").id().toString());
        assertThat(ids(api("GET", "/v1/payments?cdr_id=cdr2").send().json())).containsExactly(failed.id().toString());
        assertThat(ids(api("GET", "/v1/payments?robot_job_id=JOB-CDR1&status=SUCCEEDED").send().json()))
                .containsExactly(payment("CDR1").id().toString());
        assertThat(api("GET", "/v1/payments?status=PAID").send().status()).isEqualTo(400);
        assertThat(api("GET", "/v1/payments/" + UUID.randomUUID()).send().json().get("error").asString())
                .isEqualTo("not_found");
        assertThat(api("GET", "/v1/payments/not-a-uuid").send().status()).isEqualTo(400);
        assertThat(com.rollyy.emsp.support.TestHttp.request("GET", url("/v1/payments")).send().status())
                .isEqualTo(401);
    }

    private static List<String> ids(tools.jackson.databind.JsonNode array) {
        var ids = new java.util.ArrayList<String>();
        array.forEach(p -> ids.add(p.get("id").asString()));
        return ids;
    }
}
