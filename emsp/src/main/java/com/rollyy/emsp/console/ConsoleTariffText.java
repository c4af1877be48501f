package com.rollyy.emsp.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.rollyy.emsp.tariffs.Tariff;

/** A tariff's elements in words for the Tariffs page: each price component and restriction on one line. */
final class ConsoleTariffText {

    private ConsoleTariffText() {
    }

    /** One element: its price components and its restrictions (empty = always applies). */
    record ElementText(int index, List<String> prices, List<String> restrictions) {
    }

    static List<ElementText> elements(Tariff tariff) {
        var out = new ArrayList<ElementText>();
        for (int i = 0; i < tariff.elements().size(); i++) {
            var element = tariff.elements().get(i);
            out.add(new ElementText(i + 1, element.priceComponents().stream()
                    .map(c -> price(c, tariff.currency())).toList(), restrictions(element.restrictions())));
        }
        return out;
    }

    static String price(Tariff.PriceComponent c, String currency) {
        String amount = c.price().stripTrailingZeros().toPlainString() + " " + currency;
        String vat = c.vat() == null ? "VAT not given" : "VAT " + c.vat().stripTrailingZeros().toPlainString() + " %";
        return switch (c.type()) {
            case ENERGY -> "Energy: " + amount + " per kWh excl. VAT, " + vat + ", billed per " + c.stepSize() + " Wh";
            case TIME -> "Charging time: " + amount + " per hour excl. VAT, " + vat + ", billed per " + seconds(c.stepSize());
            case PARKING_TIME -> "Parking time: " + amount + " per hour excl. VAT, " + vat + ", billed per "
                    + seconds(c.stepSize());
            case FLAT -> "Flat fee: " + amount + " per session excl. VAT, " + vat;
        };
    }

    private static String seconds(int step) {
        return step % 60 == 0 && step > 0 ? step / 60 + " min" : step + " s";
    }

    static List<String> restrictions(Tariff.TariffRestrictions r) {
        var out = new ArrayList<String>();
        if (r == null) {
            return out;
        }
        if (r.startTime() != null || r.endTime() != null) {
            out.add("Between " + or(r.startTime(), "00:00") + " and " + or(r.endTime(), "24:00") + " (local time)");
        }
        if (r.startDate() != null || r.endDate() != null) {
            out.add("From " + or(r.startDate(), "the start") + " until before " + or(r.endDate(), "the end"));
        }
        if (r.dayOfWeek() != null && !r.dayOfWeek().isEmpty()) {
            out.add("On " + String.join(", ", r.dayOfWeek().stream()
                    .map(d -> d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(Locale.ROOT)).toList()));
        }
        range(out, "Energy", r.minKwh(), r.maxKwh(), "kWh");
        range(out, "Current", r.minCurrent(), r.maxCurrent(), "A");
        range(out, "Power", r.minPower(), r.maxPower(), "kW");
        if (r.minDuration() != null || r.maxDuration() != null) {
            range(out, "Session duration", r.minDuration() == null ? null : BigDecimal.valueOf(r.minDuration()),
                    r.maxDuration() == null ? null : BigDecimal.valueOf(r.maxDuration()), "s");
        }
        if (r.reservation() != null) {
            out.add(r.reservation() == Tariff.ReservationRestrictionType.RESERVATION ? "While reserved"
                    : "When a reservation expires");
        }
        return out;
    }

    private static void range(List<String> out, String what, BigDecimal min, BigDecimal max, String unit) {
        if (min == null && max == null) {
            return;
        }
        if (min != null && max != null) {
            out.add(what + " from " + plain(min) + " to below " + plain(max) + " " + unit);
        } else if (min != null) {
            out.add(what + " at least " + plain(min) + " " + unit);
        } else {
            out.add(what + " below " + plain(max) + " " + unit);
        }
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
