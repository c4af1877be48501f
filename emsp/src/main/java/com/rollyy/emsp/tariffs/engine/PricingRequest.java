package com.rollyy.emsp.tariffs.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * Everything needed to price one session with one tariff. {@code timeZone} is the Location's
 * {@code time_zone}: every time, date and day restriction is read on its wall clock.
 */
public record PricingRequest(Tariff tariff, ZoneId timeZone, Instant sessionStart, Instant sessionEnd,
        List<ChargingPeriod> periods) {

    public PricingRequest {
        Objects.requireNonNull(tariff, "tariff");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(sessionStart, "sessionStart");
        Objects.requireNonNull(sessionEnd, "sessionEnd");
        if (sessionEnd.isBefore(sessionStart)) {
            throw new IllegalArgumentException("sessionEnd " + sessionEnd + " is before sessionStart " + sessionStart);
        }
        periods = List.copyOf(Objects.requireNonNull(periods, "periods"));
    }
}
