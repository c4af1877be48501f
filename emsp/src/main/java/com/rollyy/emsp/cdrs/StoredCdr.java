package com.rollyy.emsp.cdrs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.types.Price;

/**
 * The parts of a stored OCPI CDR that pricing and reconciliation read. The document itself is
 * kept whole; {@code chargingPeriods} and {@code tariffs} stay JSON so each reader maps them
 * onto its own types.
 */
public record StoredCdr(
        String countryCode,
        String partyId,
        String id,
        String sessionId,
        Instant startDateTime,
        Instant endDateTime,
        String currency,
        CdrLocation cdrLocation,
        JsonNode tariffs,
        JsonNode chargingPeriods,
        Price totalCost,
        BigDecimal totalEnergy,
        BigDecimal totalTime,
        BigDecimal totalParkingTime,
        Boolean credit,
        Price totalFixedCost,
        Price totalEnergyCost,
        Price totalTimeCost,
        Price totalParkingCost,
        Price totalReservationCost) {

    public record CdrLocation(String id, String evseUid, String connectorId) {
    }
}
