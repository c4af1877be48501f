package com.rollyy.emsp.chargingprofiles;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OCPI ChargingProfile: a maximum, not a target. {@code charging_rate_unit} W (total power) or A
 * (per phase); periods start {@code start_period} seconds after the profile starts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargingProfile(Instant startDateTime, @PositiveOrZero Integer duration,
                              @NotNull @Pattern(regexp = "W|A", message = "must be W or A") String chargingRateUnit,
                              @PositiveOrZero BigDecimal minChargingRate,
                              List<@NotNull @Valid Period> chargingProfilePeriod) {

    public record Period(@PositiveOrZero int startPeriod, @NotNull @PositiveOrZero BigDecimal limit) {
    }
}
