package com.rollyy.emsp.tariffs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.DayOfWeek;
import com.rollyy.emsp.tariffs.Tariff.PriceComponent;
import com.rollyy.emsp.tariffs.Tariff.ReservationRestrictionType;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.Tariff.TariffElement;
import com.rollyy.emsp.tariffs.Tariff.TariffRestrictions;
import com.rollyy.emsp.tariffs.Tariff.TariffType;

/** Short ways to write the tariffs of the tests. Prices and VAT are strings so they stay exact. */
final class TariffFixtures {

    static final Instant UPDATED = Instant.parse("2024-01-01T00:00:00Z");

    private TariffFixtures() {
    }

    static Tariff tariff(TariffElement... elements) {
        return tariff("EUR", elements);
    }

    static Tariff tariff(String currency, TariffElement... elements) {
        return new Tariff("DE", "ALL", "T1", currency, null, null, null, null, null, List.of(elements), null, null,
                null, UPDATED);
    }

    static Tariff withType(Tariff t, String id, TariffType type) {
        return new Tariff(t.countryCode(), t.partyId(), id, t.currency(), type, null, null, t.minPrice(),
                t.maxPrice(), t.elements(), t.startDateTime(), t.endDateTime(), null, t.lastUpdated());
    }

    static Tariff withLimits(Tariff t, Price min, Price max) {
        return new Tariff(t.countryCode(), t.partyId(), t.id(), t.currency(), t.type(), null, null, min, max,
                t.elements(), t.startDateTime(), t.endDateTime(), null, t.lastUpdated());
    }

    static Tariff withValidity(Tariff t, String start, String end) {
        return new Tariff(t.countryCode(), t.partyId(), t.id(), t.currency(), t.type(), null, null, t.minPrice(),
                t.maxPrice(), t.elements(), start == null ? null : Instant.parse(start),
                end == null ? null : Instant.parse(end), null, t.lastUpdated());
    }

    static Price price(String exclVat, String inclVat) {
        return new Price(new BigDecimal(exclVat), inclVat == null ? null : new BigDecimal(inclVat));
    }

    static TariffElement element(PriceComponent... components) {
        return new TariffElement(List.of(components), null);
    }

    static TariffElement element(Restriction restriction, PriceComponent... components) {
        return new TariffElement(List.of(components), restriction.build());
    }

    static PriceComponent energy(String price, String vat, int step) {
        return component(TariffDimensionType.ENERGY, price, vat, step);
    }

    static PriceComponent time(String price, String vat, int step) {
        return component(TariffDimensionType.TIME, price, vat, step);
    }

    static PriceComponent parking(String price, String vat, int step) {
        return component(TariffDimensionType.PARKING_TIME, price, vat, step);
    }

    static PriceComponent flat(String price, String vat) {
        return component(TariffDimensionType.FLAT, price, vat, 1);
    }

    static PriceComponent component(TariffDimensionType type, String price, String vat, int step) {
        return new PriceComponent(type, new BigDecimal(price), vat == null ? null : new BigDecimal(vat), step);
    }

    static Restriction when() {
        return new Restriction();
    }

    static void assertPrice(Price actual, String exclVat, String inclVat) {
        assertThat(actual.exclVat()).as("excl. VAT").isEqualByComparingTo(exclVat);
        if (inclVat == null) {
            assertThat(actual.inclVat()).as("incl. VAT").isNull();
        } else {
            assertThat(actual.inclVat()).as("incl. VAT").isEqualByComparingTo(inclVat);
        }
    }

    /** A fluent TariffRestrictions. */
    static final class Restriction {
        private String startTime;
        private String endTime;
        private String startDate;
        private String endDate;
        private BigDecimal minKwh;
        private BigDecimal maxKwh;
        private BigDecimal minCurrent;
        private BigDecimal maxCurrent;
        private BigDecimal minPower;
        private BigDecimal maxPower;
        private Integer minDuration;
        private Integer maxDuration;
        private List<DayOfWeek> days;
        private ReservationRestrictionType reservation;

        Restriction from(String hhmm) {
            startTime = hhmm;
            return this;
        }

        Restriction until(String hhmm) {
            endTime = hhmm;
            return this;
        }

        Restriction between(String from, String until) {
            return from(from).until(until);
        }

        Restriction fromDate(String date) {
            startDate = date;
            return this;
        }

        Restriction untilDate(String date) {
            endDate = date;
            return this;
        }

        Restriction minKwh(String kwh) {
            minKwh = new BigDecimal(kwh);
            return this;
        }

        Restriction maxKwh(String kwh) {
            maxKwh = new BigDecimal(kwh);
            return this;
        }

        Restriction minCurrent(String amps) {
            minCurrent = new BigDecimal(amps);
            return this;
        }

        Restriction maxCurrent(String amps) {
            maxCurrent = new BigDecimal(amps);
            return this;
        }

        Restriction minPower(String kw) {
            minPower = new BigDecimal(kw);
            return this;
        }

        Restriction maxPower(String kw) {
            maxPower = new BigDecimal(kw);
            return this;
        }

        Restriction minDuration(int seconds) {
            minDuration = seconds;
            return this;
        }

        Restriction maxDuration(int seconds) {
            maxDuration = seconds;
            return this;
        }

        Restriction on(DayOfWeek... days) {
            this.days = Arrays.asList(days);
            return this;
        }

        Restriction reservation(ReservationRestrictionType type) {
            reservation = type;
            return this;
        }

        TariffRestrictions build() {
            return new TariffRestrictions(startTime, endTime, startDate, endDate, minKwh, maxKwh, minCurrent,
                    maxCurrent, minPower, maxPower, minDuration, maxDuration, days, reservation);
        }
    }
}
