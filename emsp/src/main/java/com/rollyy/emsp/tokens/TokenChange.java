package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The product API's PATCH body: a field left out (or null) stays as it is. */
public record TokenChange(
        Boolean valid,
        Token.Whitelist whitelist,
        @Size(max = 36) String groupId,
        @Size(max = 36) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String contractId,
        @Size(max = 64) String visualNumber,
        @Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code") String language,
        Token.ProfileType defaultProfileType,
        @Valid NewToken.EnergyContractInput energyContract,
        @Size(max = 64) String fleetId,
        @Size(max = 64) String robotId,
        List<@NotBlank @Size(max = 36) String> allowedLocationIds,
        Instant expiresAt) {

    StoredToken applyTo(StoredToken t, Instant lastUpdated) {
        return new StoredToken(t.countryCode(), t.partyId(), t.uid(), t.type(), or(contractId, t.contractId()),
                or(visualNumber, t.visualNumber()), t.issuer(), or(groupId, t.groupId()), or(valid, t.valid()),
                or(whitelist, t.whitelist()), or(language, t.language()), or(defaultProfileType, t.defaultProfileType()),
                energyContract == null ? t.energyContract() : energyContract.toOcpi(), or(fleetId, t.fleetId()),
                or(robotId, t.robotId()),
                allowedLocationIds == null ? t.allowedLocationIds() : TokenService.locationKeys(allowedLocationIds),
                or(expiresAt, t.expiresAt()), lastUpdated);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
