package com.rollyy.emsp.payments;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe's minimum charge per presentment currency (its "minimum and maximum charge amounts"
 * table): a PaymentIntent below it is refused with {@code amount_too_small}. Currencies not listed
 * have no minimum here (Stripe converts them and decides); {@code rollyy.payments.minimum-charge.<CUR>}
 * adds or overrides one.
 */
final class StripeMinimums {

    private static final Map<String, BigDecimal> STRIPE = Map.ofEntries(
            Map.entry("USD", new BigDecimal("0.50")), Map.entry("AED", new BigDecimal("2.00")),
            Map.entry("AUD", new BigDecimal("0.50")), Map.entry("BGN", new BigDecimal("1.00")),
            Map.entry("BRL", new BigDecimal("0.50")), Map.entry("CAD", new BigDecimal("0.50")),
            Map.entry("CHF", new BigDecimal("0.50")), Map.entry("CZK", new BigDecimal("15.00")),
            Map.entry("DKK", new BigDecimal("2.50")), Map.entry("EUR", new BigDecimal("0.50")),
            Map.entry("GBP", new BigDecimal("0.30")), Map.entry("HKD", new BigDecimal("4.00")),
            Map.entry("HUF", new BigDecimal("175.00")), Map.entry("INR", new BigDecimal("0.50")),
            Map.entry("JPY", new BigDecimal("50")), Map.entry("MXN", new BigDecimal("10")),
            Map.entry("MYR", new BigDecimal("2")), Map.entry("NOK", new BigDecimal("3.00")),
            Map.entry("NZD", new BigDecimal("0.50")), Map.entry("PLN", new BigDecimal("2.00")),
            Map.entry("RON", new BigDecimal("2.00")), Map.entry("SEK", new BigDecimal("3.00")),
            Map.entry("SGD", new BigDecimal("0.50")), Map.entry("THB", new BigDecimal("10")));

    private final Map<String, BigDecimal> overrides;

    StripeMinimums(Map<String, BigDecimal> overrides) {
        var upper = new java.util.HashMap<String, BigDecimal>();
        overrides.forEach((currency, minimum) -> upper.put(currency.toUpperCase(Locale.ROOT), minimum));
        this.overrides = Map.copyOf(upper);
    }

    Optional<BigDecimal> minimum(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        return Optional.ofNullable(overrides.getOrDefault(code, STRIPE.get(code)));
    }

    /**
     * Why a charge of {@code amountMinor} cannot go to Stripe, or empty when it can. Zero is not
     * below the minimum: nothing is charged at all.
     */
    Optional<String> belowMinimum(long amountMinor, BigDecimal amount, String currency) {
        if (amountMinor <= 0) {
            return Optional.empty();
        }
        return minimum(currency).filter(min -> amountMinor < MinorUnits.of(min, currency))
                .map(min -> amount.stripTrailingZeros().toPlainString() + " " + currency.toUpperCase(Locale.ROOT)
                        + " is below Stripe's minimum charge of " + min.toPlainString() + " "
                        + currency.toUpperCase(Locale.ROOT));
    }
}
