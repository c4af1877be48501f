package com.rollyy.emsp.chargingprofiles;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OCPI ChargingProfile: a maximum, not a target. {@code charging_rate_unit} W (total power) or A
 * (per phase); periods start {@code start_period} seconds after the profile starts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargingProfile(Instant startDateTime, Integer duration, String chargingRateUnit,
                              BigDecimal minChargingRate, List<Period> chargingProfilePeriod) {

    public record Period(int startPeriod, BigDecimal limit) {
    }
}
