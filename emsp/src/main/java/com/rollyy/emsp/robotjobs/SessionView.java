package com.rollyy.emsp.robotjobs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.rollyy.emsp.chargingprofiles.ChargingProfileState;

/**
 * A robot's charging session as the product shows it ({@code GET /ocpi/2.2.1/sessions/job/{job_id}}
 * and in webhooks). {@code cost_source} says where {@code cost} comes from: {@code cdr} (final),
 * {@code cpo} (the CPO's live total_cost) or {@code estimate} (our tariff engine, when the CPO
 * sends no cost). {@code cost} includes VAT where the source gives it (else it is the amount
 * excl. VAT); {@code total_cost} is the same money as {@code {excl_vat, incl_vat}}, the shape of
 * every amount in the product API. {@code charging_profile} is the session's smart-charging
 * state, null when none was ever set.
 */
public record SessionView(String sessionId, String ocpiSessionId, UUID robotJobId, SessionStatus status,
                          JobStatus robotJobStatus, String cpoResult, String failureReason, UUID connectionId,
                          String locationId, String evseUid, String connectorId, UUID assetId, BigDecimal energyKwh,
                          BigDecimal cost, com.rollyy.emsp.ocpi.types.Price totalCost, String costSource,
                          String currency, BigDecimal durationMinutes,
                          Instant startTime, Instant endTime, String cdrId, boolean abandoned,
                          ChargingProfileState chargingProfile) {
}
