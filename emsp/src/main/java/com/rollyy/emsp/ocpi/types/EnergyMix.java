package com.rollyy.emsp.ocpi.types;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** OCPI EnergyMix (used by Locations and Tariffs). */
public record EnergyMix(
        @NotNull Boolean isGreenEnergy,
        List<@Valid EnergySource> energySources,
        List<@Valid EnvironmentalImpact> environImpact,
        @Size(max = 64) String supplierName,
        @Size(max = 64) String energyProductName) {

    public enum EnergySourceCategory { NUCLEAR, GENERAL_FOSSIL, COAL, GAS, GENERAL_GREEN, SOLAR, WIND, WATER }

    public enum EnvironmentalImpactCategory { NUCLEAR_WASTE, CARBON_DIOXIDE }

    public record EnergySource(@NotNull EnergySourceCategory source, @NotNull BigDecimal percentage) {
    }

    public record EnvironmentalImpact(@NotNull EnvironmentalImpactCategory category, @NotNull BigDecimal amount) {
    }
}
