package com.rollyy.emsp.chargingprofiles;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The smart-charging state of one robot session, as the product shows it. {@code status}:
 * {@code none} (never set), {@code setting} (the CPO accepted, its result is awaited),
 * {@code active} (the CPO confirmed), {@code rejected}, {@code clearing}, {@code cleared},
 * {@code clear_failed}, {@code failed} (no usable answer from the CPO). {@code cpo_result} is the
 * CPO's synchronous answer to the latest request, {@code result} its posted result.
 */
public record ChargingProfileState(String sessionId, String ocpiSessionId, String status, boolean profileSet,
                                   BigDecimal maxChargeRateKw, Instant departureTime,
                                   List<ChargingProfile.Period> periods, String cpoResult, String cpoMessage,
                                   String result, Instant resultAt, String preferencesResult,
                                   ActiveChargingProfile activeProfile, Instant activeProfileAt, Instant updatedAt) {

    static ChargingProfileState none(String sessionId, String ocpiSessionId) {
        return new ChargingProfileState(sessionId, ocpiSessionId, "none", false, null, null, List.of(), null, null,
                null, null, null, null, null, null);
    }
}
