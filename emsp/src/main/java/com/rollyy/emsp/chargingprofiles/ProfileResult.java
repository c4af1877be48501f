package com.rollyy.emsp.chargingprofiles;

/**
 * What the CPO posts to a response_url: ChargingProfileResult and ClearProfileResult
 * ({@code result} only) or ActiveChargingProfileResult ({@code result} and {@code profile}).
 * {@code result} is ACCEPTED, REJECTED or UNKNOWN.
 */
record ProfileResult(String result, @jakarta.validation.Valid ActiveChargingProfile profile) {

    static final java.util.Set<String> RESULTS = java.util.Set.of("ACCEPTED", "REJECTED", "UNKNOWN");
}
