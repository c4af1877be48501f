package com.rollyy.emsp.chargingprofiles;

import java.time.Instant;

/** OCPI ActiveChargingProfile: what the charger applies now (profiles of all parties combined). */
public record ActiveChargingProfile(Instant startDateTime, ChargingProfile chargingProfile) {
}
