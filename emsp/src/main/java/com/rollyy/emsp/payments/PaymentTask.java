package com.rollyy.emsp.payments;

import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

/**
 * The db-scheduler task that pays: one instance per payment, its id the payment id. The
 * execution row is the durable "still to do": it is written in the transaction that stores the
 * payment, and removed only once the payment needs nothing more from us.
 */
@Configuration(proxyBeanMethods = false)
class PaymentTask {

    static final String NAME = "stripe-payment";
    static final String SWEEP = "stripe-payment-sweep";
    static final String REFUND_SWEEP = "stripe-refund-sweep";

    private static final Logger log = LoggerFactory.getLogger(PaymentTask.class);

    static TaskInstance<Void> instance(UUID paymentId) {
        return new TaskInstance<>(NAME, paymentId.toString());
    }

    @Bean
    CustomTask<Void> stripePaymentTask(PaymentExecutor executor, PaymentsProperties properties) {
        return Tasks.custom(NAME, Void.class)
                // a run that crashed the JVM is run again: the idempotency key makes that safe
                .onDeadExecutionRevive()
                // an exception of ours (database down, a bug): back off like a Stripe failure
                .onFailure((complete, operations) -> {
                    int failures = complete.getExecution().consecutiveFailures + 1;
                    Instant at = Instant.now().plus(properties.getRetry().backoff(failures));
                    log.warn("Payment task {} failed ({} in a row): again at {}",
                            complete.getExecution().taskInstance.getId(), failures, at,
                            complete.getCause().orElse(null));
                    operations.reschedule(complete, at);
                })
                .execute((instance, context) -> {
                    PaymentExecutor.Next next = executor.run(UUID.fromString(instance.getId()));
                    CompletionHandler<Void> done = next.at() == null
                            ? (complete, operations) -> operations.remove()
                            : (complete, operations) -> operations.reschedule(complete, next.at());
                    return done;
                });
    }

    @Bean
    RecurringTask<Void> stripePaymentSweepTask(PaymentSweep sweep, PaymentsProperties properties) {
        return Tasks.recurring(SWEEP, FixedDelay.of(properties.getSweepInterval()))
                .execute((instance, context) -> sweep.sweep(context.getSchedulerClient()));
    }

    /**
     * Refunds left PENDING (Stripe did not answer, or its refund is pending) are asked about again,
     * with their own idempotency key, every sweep interval. A recurring task runs on one instance
     * at a time; the refunds are claimed one by one besides.
     */
    @Bean
    RecurringTask<Void> stripeRefundSweepTask(PaymentRefunds refunds, PaymentsProperties properties) {
        return Tasks.recurring(REFUND_SWEEP, FixedDelay.of(properties.getSweepInterval()))
                .execute((instance, context) -> refunds.retryPending());
    }
}
