package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Pick;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Selection;

/**
 * The CPO must open a new period whenever another price component becomes active (mod_cdrs,
 * "CDR Object", ChargingPeriod paragraph). A period that runs past such a change is still priced
 * by the components active at its start; this finds the change so a note can tell the operator
 * the CDR was cut too coarsely.
 */
final class CoarsePeriods {

    private final ComponentSelector selector;
    private final ChangePoints changePoints;
    private final ZoneId zone;

    CoarsePeriods(ComponentSelector selector, ChangePoints changePoints, ZoneId zone) {
        this.selector = selector;
        this.changePoints = changePoints;
        this.zone = zone;
    }

    /** A note naming the first change inside the period that affects what it consumed, if any. */
    Optional<String> priceChangeInside(Period period, Moment start, Selection atStart, Set<TariffDimensionType> used) {
        for (Instant point : changePoints.between(period.start(), period.end())) {
            if (differs(atStart, selector.select(start.at(point, zone)), used)) {
                return Optional.of(note(period, point.toString()));
            }
        }
        if (period.isReservation()) {
            return Optional.empty();
        }
        BigDecimal after = start.energyKwh().add(period.volume(CdrDimensionType.ENERGY));
        for (BigDecimal threshold : changePoints.energyThresholds()) {
            if (start.energyKwh().compareTo(threshold) < 0 && after.compareTo(threshold) > 0
                    && differs(atStart, selector.select(start.withEnergy(threshold)), used)) {
                return Optional.of(note(period, threshold.toPlainString() + " kWh"));
            }
        }
        return Optional.empty();
    }

    private static String note(Period period, String where) {
        return "period " + period.index() + " runs past a price change at " + where
                + "; priced with the components active at its start";
    }

    /** FLAT is billed once whatever happens later, so only the metered dimensions count. */
    private static boolean differs(Selection a, Selection b, Set<TariffDimensionType> used) {
        for (TariffDimensionType dimension : used) {
            if (dimension == TariffDimensionType.FLAT) {
                continue;
            }
            Pick x = a.pick(dimension);
            Pick y = b.pick(dimension);
            if ((x == null) != (y == null) || (x != null && x.elementIndex() != y.elementIndex())) {
                return true;
            }
        }
        return false;
    }
}
