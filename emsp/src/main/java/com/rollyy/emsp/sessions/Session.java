package com.rollyy.emsp.sessions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.ocpi.OcpiId;

/** The OCPI 2.2.1 Session object. */
public record Session(
        @NotBlank @Size(max = 2) @OcpiId String countryCode,
        @NotBlank @Size(max = 3) @OcpiId String partyId,
        @NotBlank @Size(max = 36) @OcpiId String id,
        @NotNull Instant startDateTime,
        Instant endDateTime,
        @NotNull @PositiveOrZero BigDecimal kwh,
        @NotNull @Valid CdrToken cdrToken,
        @NotNull AuthMethod authMethod,
        @Size(max = 36) String authorizationReference,
        @NotBlank @Size(max = 36) @OcpiId String locationId,
        @NotBlank @Size(max = 36) @OcpiId String evseUid,
        @NotBlank @Size(max = 36) @OcpiId String connectorId,
        @Size(max = 255) String meterId,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code") String currency,
        List<@NotNull @Valid ChargingPeriod> chargingPeriods,
        @Valid Price totalCost,
        @NotNull Status status,
        @NotNull Instant lastUpdated) {

    public enum AuthMethod { AUTH_REQUEST, COMMAND, WHITELIST }

    public enum Status { ACTIVE, COMPLETED, INVALID, PENDING, RESERVATION }

    public enum TokenType { AD_HOC_USER, APP_USER, OTHER, RFID }

    public record CdrToken(@NotBlank @Size(max = 2) @OcpiId String countryCode,
                           @NotBlank @Size(max = 3) @OcpiId String partyId,
                           @NotBlank @Size(max = 36) @OcpiId String uid, @NotNull TokenType type,
                           @NotBlank @Size(max = 36) String contractId) {
    }

    public record ChargingPeriod(@NotNull Instant startDateTime, @NotEmpty List<@NotNull @Valid CdrDimension> dimensions,
                                 @Size(max = 36) @OcpiId String tariffId) {
    }

    public record CdrDimension(@NotNull DimensionType type, @NotNull BigDecimal volume) {
    }

    public enum DimensionType {
        CURRENT, ENERGY, ENERGY_EXPORT, ENERGY_IMPORT, MAX_CURRENT, MIN_CURRENT, MAX_POWER, MIN_POWER, PARKING_TIME,
        POWER, RESERVATION_TIME, STATE_OF_CHARGE, TIME
    }
}
