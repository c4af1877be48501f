package com.rollyy.emsp.tariffs.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A CDR/Session charging period. It ends where the next one starts; the last one ends with the
 * session. {@code tariffId} may be null (see docs/tariffs.md, "Periods and tariff_id").
 */
public record ChargingPeriod(Instant startDateTime, List<CdrDimension> dimensions, String tariffId) {

    public ChargingPeriod {
        Objects.requireNonNull(startDateTime, "startDateTime");
        dimensions = List.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
    }
}
