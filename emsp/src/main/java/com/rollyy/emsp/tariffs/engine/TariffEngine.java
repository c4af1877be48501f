package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * Prices sessions with OCPI 2.2.1 tariffs. Plain Java, no state; see docs/tariffs.md for the rules
 * and the choices made where the specification is ambiguous.
 */
public final class TariffEngine {

    private TariffEngine() {
    }

    /** Prices a session (finished or so far) from its charging periods, with the tariff the caller chose. */
    public static PriceResult price(PricingRequest request) {
        return new SessionPricer(request).price();
    }

    /**
     * An estimate before charging: constant power = kwh / duration from {@code start}; either may
     * be null (then the default AC power of 11 kW fills in the other), not both. The notes start
     * with the assumptions made.
     */
    public static PriceResult estimate(Tariff tariff, ZoneId timeZone, Instant start, BigDecimal kwh, Duration duration) {
        return Estimator.estimate(tariff, timeZone, start, kwh, duration);
    }

    /**
     * An estimate with what a planner knows: reservation before, charging (kwh/duration at a max
     * power, or an energy profile), current, parking after. See {@link EstimateRequest}.
     *
     * @throws IllegalArgumentException when the quantities contradict each other (e.g. more kWh
     *                                  than the max power delivers in the duration)
     */
    public static PriceResult estimate(EstimateRequest request) {
        return Estimator.estimate(request);
    }
}
