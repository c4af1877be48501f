package com.rollyy.emsp.console;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.tariffs.Amount;
import com.rollyy.emsp.tariffs.RecordedReconciliations;
import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.TariffPricing;

/** One recorded reconciliation as the Reconciliation page shows it; deltas are CPO's minus ours, excl. VAT. */
record ConsoleReconciliationRow(String cdr, String path, Instant recordedAt, String sessionId, String tariffId,
                                String currency, String cpoTotal, String ourTotal, String totalDelta,
                                String energy, String time, String parking, String fixed, String reservation,
                                String issues, String tolerance, boolean open, Instant reviewedAt,
                                String reviewedBy, String reviewNote) {

    static ConsoleReconciliationRow of(RecordedReconciliations.Recorded r) {
        ObjectKey k = r.cdr();
        return new ConsoleReconciliationRow(k.countryCode() + "/" + k.partyId() + "/" + k.id(),
                enc(k.countryCode()) + "/" + enc(k.partyId()) + "/" + enc(k.id()), r.createdAt(), r.sessionId(),
                r.tariffId(), r.currency(), money(r.cpoTotalExclVat()), money(r.ourTotalExclVat()),
                signed(r.totalDeltaExclVat()), signed(r.energyDelta()), signed(r.timeDelta()),
                signed(r.parkingDelta()), signed(r.fixedDelta()), signed(r.reservationDelta()),
                String.join(", ", r.issues()), money(r.tolerance()), r.open(), r.reviewedAt(), r.reviewedBy(),
                r.reviewNote());
    }

    /** {@code NL/SIM/CDR1} (as the pager's cursor) back to the CDR's key. */
    static Optional<ObjectKey> key(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String[] parts = path.split("/", 3);
        return parts.length == 3 ? Optional.of(new ObjectKey(dec(parts[0]), dec(parts[1]), dec(parts[2])))
                : Optional.empty();
    }

    /** One dimension of the CDR next to ours, as re-priced now. */
    record Cost(String dimension, String cdrField, String cpo, String ours, String delta, String verdict) {
    }

    static List<Cost> costs(TariffPricing.Reconciliation r) {
        var costs = new ArrayList<Cost>();
        for (var c : r.costs()) {
            costs.add(new Cost(c.dimension(), c.cdrField() == null ? "—" : c.cdrField(), amount(c.cpoReportedCost()),
                    amount(c.calculatedCost()), c.discrepancy() == null ? "—" : amount(c.discrepancy()),
                    c.withinTolerance() == null ? "not reported" : c.withinTolerance() ? "within tolerance" : "differs"));
        }
        return costs;
    }

    /** A tariff's price components in reading order: element, dimension, price excl. VAT, VAT, step. */
    record Component(int element, String type, String price, String vat, String stepSize, String restrictions) {
    }

    static List<Component> components(Tariff tariff) {
        var rows = new ArrayList<Component>();
        int index = 0;
        for (var element : tariff.elements()) {
            for (var pc : element.priceComponents()) {
                rows.add(new Component(index, pc.type().name(), pc.price().toPlainString(),
                        pc.vat() == null ? "—" : pc.vat().toPlainString() + " %", String.valueOf(pc.stepSize()),
                        restrictions(element.restrictions())));
            }
            index++;
        }
        return rows;
    }

    private static String restrictions(Tariff.TariffRestrictions r) {
        if (r == null) {
            return "none";
        }
        var parts = new ArrayList<String>();
        if (r.startTime() != null || r.endTime() != null) {
            parts.add((r.startTime() == null ? "" : r.startTime()) + "–" + (r.endTime() == null ? "" : r.endTime()));
        }
        if (r.dayOfWeek() != null && !r.dayOfWeek().isEmpty()) {
            parts.add(r.dayOfWeek().toString());
        }
        if (r.minKwh() != null || r.maxKwh() != null) {
            parts.add("kWh " + plain(r.minKwh()) + "–" + plain(r.maxKwh()));
        }
        if (r.minDuration() != null || r.maxDuration() != null) {
            parts.add("duration s " + (r.minDuration() == null ? "" : r.minDuration()) + "–"
                    + (r.maxDuration() == null ? "" : r.maxDuration()));
        }
        if (r.minPower() != null || r.maxPower() != null) {
            parts.add("kW " + plain(r.minPower()) + "–" + plain(r.maxPower()));
        }
        if (r.reservation() != null) {
            parts.add(r.reservation().name());
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String amount(Amount a) {
        if (a == null || a.exclVat() == null) {
            return "—";
        }
        return a.exclVat().toPlainString() + (a.inclVat() == null ? "" : " (" + a.inclVat().toPlainString() + " incl. VAT)");
    }

    private static String plain(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private static String money(BigDecimal v) {
        return v == null ? "—" : v.toPlainString();
    }

    private static String signed(BigDecimal v) {
        if (v == null) {
            return "—";
        }
        return (v.signum() > 0 ? "+" : "") + v.toPlainString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
