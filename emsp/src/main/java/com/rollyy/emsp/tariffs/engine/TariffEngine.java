package com.rollyy.emsp.tariffs.engine;

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
}
