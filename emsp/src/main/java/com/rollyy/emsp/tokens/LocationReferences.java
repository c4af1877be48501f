package com.rollyy.emsp.tokens;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import com.rollyy.emsp.ocpi.OcpiId;

/** OCPI LocationReferences: where the driver wants to charge (authorize body, and its echo). */
public record LocationReferences(@NotBlank @Size(max = 36) @OcpiId String locationId,
                                 List<@NotNull @Size(max = 36) @OcpiId String> evseUids) {
}
