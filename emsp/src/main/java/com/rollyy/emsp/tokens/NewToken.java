package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The product API's create body. Lengths are the OCPI ones (a CPO would refuse longer); issuer,
 * valid and whitelist have defaults (docs/tokens.md).
 */
public record NewToken(
        @NotBlank @Size(max = 36) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces")
        String uid,
        @NotNull Token.Type type,
        @NotBlank @Size(max = 36) String contractId,
        @Size(max = 64) String visualNumber,
        @Size(max = 64) String issuer,
        @Size(max = 36) String groupId,
        Boolean valid,
        Token.Whitelist whitelist,
        @Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code") String language,
        Token.ProfileType defaultProfileType,
        @Valid EnergyContractInput energyContract,
        @Size(max = 64) String fleetId,
        @Size(max = 64) String robotId,
        List<@NotBlank @Size(max = 36) String> allowedLocationIds,
        Instant expiresAt) {

    public record EnergyContractInput(@NotBlank @Size(max = 64) String supplierName, @Size(max = 64) String contractId) {
        Token.EnergyContract toOcpi() {
            return new Token.EnergyContract(supplierName, contractId);
        }
    }
}
