package com.rollyy.emsp.payments;

/** A CHARGE is a Stripe PaymentIntent for a CDR; a REFUND a Stripe Refund for a credit CDR. */
public enum PaymentKind {
    CHARGE, REFUND
}
