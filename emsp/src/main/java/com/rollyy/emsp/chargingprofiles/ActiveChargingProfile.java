package com.rollyy.emsp.chargingprofiles;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** OCPI ActiveChargingProfile: what the charger applies now (profiles of all parties combined). */
public record ActiveChargingProfile(@NotNull Instant startDateTime, @NotNull @Valid ChargingProfile chargingProfile) {
}
