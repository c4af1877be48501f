package com.rollyy.emsp.connections;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.rollyy.emsp.ocpi.OcpiParty;
import com.rollyy.emsp.ocpi.types.BusinessDetails;
import com.rollyy.emsp.ocpi.OcpiId;

/** One role a platform plays, with the party it plays it as. */
public record CredentialsRole(
        @NotNull Role role,
        @NotNull @Valid BusinessDetails businessDetails,
        @NotBlank @Size(max = 3) @OcpiId String partyId,
        @NotBlank @Size(max = 2) @OcpiId String countryCode) {

    public enum Role {
        CPO, EMSP, HUB, NAP, NSP, OTHER, SCSP
    }

    public OcpiParty party() {
        return new OcpiParty(countryCode, partyId, role.name());
    }
}
