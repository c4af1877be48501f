package com.rollyy.emsp.payments;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The final outcomes of a payment, each recorded with its event in one transaction. The update
 * only matches an open payment, so however many task runs and webhooks report the same outcome,
 * one of them moves the payment and publishes; the others change nothing.
 */
@Component
class PaymentTransitions {

    private static final Logger log = LoggerFactory.getLogger(PaymentTransitions.class);

    private final PaymentRepository repository;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final PaymentMeters meters;

    PaymentTransitions(PaymentRepository repository, ApplicationEventPublisher events, TransactionTemplate tx,
                       PaymentMeters meters) {
        this.meters = meters;
        this.repository = repository;
        this.events = events;
        this.tx = tx;
    }

    Optional<Payment> succeed(UUID id, String stripeId) {
        return tx.execute(s -> {
            var done = repository.finish(id, PaymentStatus.SUCCEEDED, stripeId, null);
            done.ifPresent(p -> {
                meters.entered(p, PaymentStatus.SUCCEEDED);
                log.info("Payment {} ({} of CDR {}/{}/{}) succeeded: {} {} minor units, Stripe {}", p.id(), p.kind(),
                        p.cdr().countryCode(), p.cdr().partyId(), p.cdr().id(), p.amountMinor(), p.currency(),
                        p.stripeId());
                events.publishEvent(new PaymentSucceeded(p.id(), p.cdr(), p.robotJobId(), p.amountMinor(),
                        p.currency(), p.stripeId()));
            });
            return done;
        });
    }

    /** A charge below Stripe's minimum: settled with nothing charged, announced like any success. */
    Optional<Payment> waive(UUID id, String reason) {
        return tx.execute(s -> {
            var done = repository.waive(id, reason);
            done.ifPresent(p -> {
                meters.entered(PaymentMeters.WAIVED, p.kind(), p.currency(), p.amountMinor());
                log.info("Payment {} (CDR {}/{}/{}) waived: {}", p.id(), p.cdr().countryCode(), p.cdr().partyId(),
                        p.cdr().id(), reason);
                events.publishEvent(new PaymentSucceeded(p.id(), p.cdr(), p.robotJobId(), p.amountMinor(),
                        p.currency(), null));
            });
            return done;
        });
    }

    Optional<Payment> fail(UUID id, String stripeId, String reason) {
        return tx.execute(s -> {
            var done = repository.finish(id, PaymentStatus.FAILED, stripeId, reason);
            done.ifPresent(p -> {
                meters.entered(p, PaymentStatus.FAILED);
                log.warn("Payment {} ({} of CDR {}/{}/{}) failed: {}", p.id(), p.kind(), p.cdr().countryCode(),
                        p.cdr().partyId(), p.cdr().id(), reason);
                events.publishEvent(new PaymentFailed(p.id(), p.cdr(), p.robotJobId(), p.amountMinor(),
                        p.currency(), reason));
            });
            return done;
        });
    }

    void notConfigured(Payment payment, String reason) {
        UUID id = payment.id();
        if (repository.notConfigured(id, reason)) {
            meters.entered(payment, PaymentStatus.NOT_CONFIGURED);
            log.warn("Payment {} not sent to Stripe: {}", id, reason);
        }
    }
}
