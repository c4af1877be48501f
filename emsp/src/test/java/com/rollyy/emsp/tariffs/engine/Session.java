package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.rollyy.emsp.tariffs.Tariff;

/**
 * Writes a session as the CDR would: consecutive charging periods from a local start time. Each
 * step appends one period; {@link #with} adds dimensions to the last one.
 */
final class Session {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private final ZoneId zone;
    private final Instant start;
    private Instant cursor;
    private final List<ChargingPeriod> periods = new ArrayList<>();

    private Session(ZoneId zone, Instant start) {
        this.zone = zone;
        this.start = start;
        this.cursor = start;
    }

    /** {@code local} like "2024-01-15T09:30" on the Location's wall clock. */
    static Session at(String local) {
        return at(local, AMSTERDAM);
    }

    static Session at(String local, ZoneId zone) {
        return new Session(zone, LocalDateTime.parse(local).atZone(zone).toInstant());
    }

    Session charge(Duration duration, String kwh) {
        return period(duration, new CdrDimension(CdrDimensionType.ENERGY, new BigDecimal(kwh)),
                new CdrDimension(CdrDimensionType.TIME, Units.hours(duration)));
    }

    Session park(Duration duration) {
        return period(duration, new CdrDimension(CdrDimensionType.PARKING_TIME, Units.hours(duration)));
    }

    Session reserve(Duration duration) {
        return period(duration, new CdrDimension(CdrDimensionType.RESERVATION_TIME, Units.hours(duration)));
    }

    Session period(Duration duration, CdrDimension... dimensions) {
        periods.add(new ChargingPeriod(cursor, Arrays.asList(dimensions), null));
        cursor = cursor.plus(duration);
        return this;
    }

    Session with(CdrDimensionType type, String volume) {
        ChargingPeriod last = periods.remove(periods.size() - 1);
        List<CdrDimension> dimensions = new ArrayList<>(last.dimensions());
        dimensions.add(new CdrDimension(type, new BigDecimal(volume)));
        periods.add(new ChargingPeriod(last.startDateTime(), dimensions, last.tariffId()));
        return this;
    }

    Session tariffId(String id) {
        ChargingPeriod last = periods.remove(periods.size() - 1);
        periods.add(new ChargingPeriod(last.startDateTime(), last.dimensions(), id));
        return this;
    }

    Instant start() {
        return start;
    }

    PricingRequest request(Tariff tariff) {
        return new PricingRequest(tariff, zone, start, cursor, periods);
    }

    PriceResult price(Tariff tariff) {
        return TariffEngine.price(request(tariff));
    }

    static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }
}
