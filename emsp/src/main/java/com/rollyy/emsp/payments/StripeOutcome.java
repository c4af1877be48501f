package com.rollyy.emsp.payments;

/** What a Stripe call told us, reduced to what the payment does next. */
sealed interface StripeOutcome {

    /** Money moved. */
    record Succeeded(String stripeId) implements StripeOutcome {
    }

    /** Stripe took it and decides later (PaymentIntent processing, Refund pending). */
    record Pending(String stripeId) implements StripeOutcome {
    }

    /** Stripe decided against it, for good (declined, authentication required, invalid request). */
    record Failed(String stripeId, String reason) implements StripeOutcome {
    }

    /** We do not know what happened, or Stripe asked us to come back: send the same request again later. */
    record Retry(String reason) implements StripeOutcome {
    }

    /** Our side is not set up (no key, key refused). Nothing was charged. */
    record NotConfigured(String reason) implements StripeOutcome {
    }
}
