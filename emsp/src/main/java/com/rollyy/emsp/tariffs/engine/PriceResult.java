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
        List<String> notes) {

    public PriceResult {
        breakdown = List.copyOf(breakdown);
        notes = List.copyOf(notes);
    }

    PriceResult withNotesFirst(List<String> leading) {
        List<String> all = new ArrayList<>(leading);
        all.addAll(notes);
        return new PriceResult(totalCost, totalFixedCost, totalEnergyCost, totalTimeCost, totalParkingCost,
                totalReservationCost, totalEnergy, totalTime, totalParkingTime, currency, breakdown, all);
    }
}
