package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.rollyy.emsp.ocpi.types.Price;

/**
 * The priced session, shaped like the totals of an OCPI 2.2.1 CDR. Every {@link Price} is rounded
 * half-up to the currency's minor unit; {@code totalCost} is the sum of the five parts, then
 * bounded by the tariff's min_price/max_price (a note says so when that happens).
 *
 * @param totalEnergy      kWh, sum of the ENERGY dimensions of the charging periods
 * @param totalTime        hours, session end minus session start
 * @param totalParkingTime hours, sum of the PARKING_TIME dimensions
 * @param issues           findings that make the price questionable (each also explained in {@code notes})
 * @param exactTotalCost   {@code totalCost} before rounding (after min_price/max_price)
 * @param costs            the parts, a min_price/max_price row and a rounding row: exact and rounded,
 *                         each column adds up to its total
 */
public record PriceResult(
        Price totalCost,
        Price totalFixedCost,
        Price totalEnergyCost,
        Price totalTimeCost,
        Price totalParkingCost,
        Price totalReservationCost,
        BigDecimal totalEnergy,
        BigDecimal totalTime,
        BigDecimal totalParkingTime,
        String currency,
        List<PriceLine> breakdown,
        List<String> notes,
        List<PricingIssue> issues,
        Price exactTotalCost,
        List<CostPart> costs) {

    public PriceResult {
        breakdown = List.copyOf(breakdown);
        notes = List.copyOf(notes);
        issues = List.copyOf(issues);
        costs = List.copyOf(costs);
    }

    PriceResult withNotesFirst(List<String> leading) {
        List<String> all = new ArrayList<>(leading);
        all.addAll(notes);
        return new PriceResult(totalCost, totalFixedCost, totalEnergyCost, totalTimeCost, totalParkingCost,
                totalReservationCost, totalEnergy, totalTime, totalParkingTime, currency, breakdown, all, issues,
                exactTotalCost, costs);
    }
}
