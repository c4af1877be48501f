package com.rollyy.emsp.tariffs.engine;

import java.util.Locale;

/**
 * A finding that makes a price questionable, as opposed to a note that only explains it. Each
 * comes with a note saying the details; a reconciliation with any issue is not within tolerance.
 */
public enum PricingIssue {
    /** The tariff's start_date_time/end_date_time exclude the session start (C12). */
    TARIFF_NOT_VALID_AT_START,
    /** A period runs past a change of the active price component (C1). */
    PERIOD_SPANS_PRICE_CHANGE,
    /** A current or power restriction could not be checked: the period reports no such value (C5). */
    RESTRICTION_NOT_CHECKABLE,
    /** A period names another tariff and is not priced with this one (C13). */
    PERIOD_OF_OTHER_TARIFF,
    /** A period starts outside session start .. end. */
    PERIOD_OUTSIDE_SESSION,
    /** The currency is unknown or has no minor unit: rounded to 2 decimals. */
    CURRENCY_WITHOUT_MINOR_UNIT,
    /** The tariff has no elements: nothing was priced. */
    TARIFF_WITHOUT_ELEMENTS;

    /** The code in product responses, e.g. {@code tariff_not_valid_at_start}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
