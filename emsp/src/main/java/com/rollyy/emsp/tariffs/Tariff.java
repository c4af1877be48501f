package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.rollyy.emsp.ocpi.types.DisplayText;
import com.rollyy.emsp.ocpi.types.EnergyMix;
import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.ocpi.OcpiId;

/** The OCPI 2.2.1 Tariff object, as the CPO sends it. */
public record Tariff(
        @NotBlank @Size(max = 2) @OcpiId String countryCode,
        @NotBlank @Size(max = 3) @OcpiId String partyId,
        @NotBlank @Size(max = 36) @OcpiId String id,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code") String currency,
        TariffType type,
        List<@Valid DisplayText> tariffAltText,
        @Size(max = 255) String tariffAltUrl,
        @Valid Price minPrice,
        @Valid Price maxPrice,
        @NotEmpty List<@NotNull @Valid TariffElement> elements,
        Instant startDateTime,
        Instant endDateTime,
        @Valid EnergyMix energyMix,
        @NotNull Instant lastUpdated) {

    public enum TariffType { AD_HOC_PAYMENT, PROFILE_CHEAP, PROFILE_FAST, PROFILE_GREEN, REGULAR }

    public enum TariffDimensionType { ENERGY, FLAT, PARKING_TIME, TIME }

    public enum DayOfWeek { MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY }

    public enum ReservationRestrictionType { RESERVATION, RESERVATION_EXPIRES }

    public record TariffElement(
            @NotEmpty List<@NotNull @Valid PriceComponent> priceComponents,
            @Valid TariffRestrictions restrictions) {
    }

    /**
     * {@code price} per unit excl. VAT (kWh, hour, or per session for FLAT); {@code vat} in
     * percent; {@code step_size} in Wh or seconds (1 for FLAT).
     */
    public record PriceComponent(
            @NotNull TariffDimensionType type,
            @NotNull BigDecimal price,
            BigDecimal vat,
            @NotNull @Min(0) Integer stepSize) {
    }

    public record TariffRestrictions(
            @Pattern(regexp = "([0-1][0-9]|2[0-3]):[0-5][0-9]", message = "must be HH:MM") String startTime,
            @Pattern(regexp = "([0-1][0-9]|2[0-3]):[0-5][0-9]", message = "must be HH:MM") String endTime,
            @CalendarDate String startDate,
            @CalendarDate String endDate,
            BigDecimal minKwh,
            BigDecimal maxKwh,
            BigDecimal minCurrent,
            BigDecimal maxCurrent,
            BigDecimal minPower,
            BigDecimal maxPower,
            Integer minDuration,
            Integer maxDuration,
            List<@NotNull DayOfWeek> dayOfWeek,
            ReservationRestrictionType reservation) {
    }
}
