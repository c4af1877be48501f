package com.rollyy.emsp.payments;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Payment policy ({@code rollyy.payments.*}, environment {@code ROLLYY_PAYMENTS_*}): holds,
 * retries and the Stripe customer of each robot fleet. A JavaBean rather than a record so that
 * {@link #setHoldOnDiscrepancy} can be switched while the service runs.
 */
@ConfigurationProperties("rollyy.payments")
public class PaymentsProperties {

    /** The fleet an order without a fleet id is charged to. */
    public static final String DEFAULT_FLEET = "default";

    private volatile boolean holdOnDiscrepancy;
    private volatile BelowMinimum belowMinimum = BelowMinimum.HOLD;
    private Map<String, java.math.BigDecimal> minimumCharge = new LinkedHashMap<>();
    private Duration processingRecheck = Duration.ofMinutes(15);
    private Duration sweepInterval = Duration.ofMinutes(5);
    private Duration refundRetryAfter = Duration.ofMinutes(2);
    private final Retry retry = new Retry();
    private Map<String, Fleet> fleets = new LinkedHashMap<>();

    /** What happens to a charge below Stripe's minimum for its currency (Stripe would refuse it). */
    public enum BelowMinimum {
        /** HELD for an operator; releasing it waives it (nothing can be charged through Stripe). */
        HOLD,
        /** SUCCEEDED at once with nothing charged, the reason in {@code waived}. */
        WAIVE
    }

    public BelowMinimum getBelowMinimum() {
        return belowMinimum;
    }

    public void setBelowMinimum(BelowMinimum belowMinimum) {
        this.belowMinimum = belowMinimum;
    }

    /** Minimum charges per currency that add to or replace Stripe's table ({@link StripeMinimums}). */
    public Map<String, java.math.BigDecimal> getMinimumCharge() {
        return minimumCharge;
    }

    public void setMinimumCharge(Map<String, java.math.BigDecimal> minimumCharge) {
        this.minimumCharge = minimumCharge;
    }

    StripeMinimums minimums() {
        return new StripeMinimums(minimumCharge);
    }

    public boolean isHoldOnDiscrepancy() {
        return holdOnDiscrepancy;
    }

    public void setHoldOnDiscrepancy(boolean holdOnDiscrepancy) {
        this.holdOnDiscrepancy = holdOnDiscrepancy;
    }

    public Duration getProcessingRecheck() {
        return processingRecheck;
    }

    public void setProcessingRecheck(Duration processingRecheck) {
        this.processingRecheck = processingRecheck;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    /**
     * How long a refund stays PENDING (Stripe did not answer, or answered {@code pending}) before
     * the sweep asks Stripe about it again, with the same idempotency key.
     */
    public Duration getRefundRetryAfter() {
        return refundRetryAfter;
    }

    public void setRefundRetryAfter(Duration refundRetryAfter) {
        if (refundRetryAfter == null || refundRetryAfter.isNegative() || refundRetryAfter.isZero()) {
            throw new IllegalArgumentException("rollyy.payments.refund-retry-after must be a positive duration, got "
                    + refundRetryAfter);
        }
        this.refundRetryAfter = refundRetryAfter;
    }

    public Retry getRetry() {
        return retry;
    }

    public Map<String, Fleet> getFleets() {
        return fleets;
    }

    public void setFleets(Map<String, Fleet> fleets) {
        this.fleets = fleets;
    }

    /**
     * A fleet's Stripe customer, case-insensitively, because environment variables can only
     * spell fleet ids in one case.
     */
    Optional<Fleet> fleet(String fleetId) {
        String wanted = fleetId.toLowerCase(Locale.ROOT);
        return fleets.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue)
                .filter(Fleet::complete)
                .findFirst();
    }

    public static class Retry {
        private int maxAttempts = 10;
        private Duration backoffBase = Duration.ofSeconds(30);
        private Duration backoffCap = Duration.ofHours(1);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getBackoffBase() {
            return backoffBase;
        }

        public void setBackoffBase(Duration backoffBase) {
            this.backoffBase = backoffBase;
        }

        public Duration getBackoffCap() {
            return backoffCap;
        }

        public void setBackoffCap(Duration backoffCap) {
            this.backoffCap = backoffCap;
        }

        /** The wait after the given failed attempt (1-based): base, 2 x base, 4 x base, ... up to the cap. */
        Duration backoff(int failedAttempt) {
            int doublings = Math.min(Math.max(failedAttempt - 1, 0), 30);
            Duration wait = backoffBase.multipliedBy(1L << doublings);
            return wait.compareTo(backoffCap) > 0 ? backoffCap : wait;
        }
    }

    public static class Fleet {
        private String customer;
        private String paymentMethod;

        public String getCustomer() {
            return customer;
        }

        public void setCustomer(String customer) {
            this.customer = customer;
        }

        public String getPaymentMethod() {
            return paymentMethod;
        }

        public void setPaymentMethod(String paymentMethod) {
            this.paymentMethod = paymentMethod;
        }

        boolean complete() {
            return customer != null && !customer.isBlank() && paymentMethod != null && !paymentMethod.isBlank();
        }
    }
}
