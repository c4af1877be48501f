package com.rollyy.emsp.cdrs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.sessions.Session;
import com.rollyy.emsp.ocpi.OcpiId;

/**
 * The OCPI 2.2.1 CDR object, validated on the way in. {@code tariffs} and {@code signed_data}
 * are kept as the CPO sent them (the document is stored whole).
 */
public record Cdr(
        @NotBlank @Size(max = 2) @OcpiId String countryCode,
        @NotBlank @Size(max = 3) @OcpiId String partyId,
        @NotBlank @Size(max = 39) @OcpiId String id,
        @NotNull Instant startDateTime,
        @NotNull Instant endDateTime,
        @Size(max = 36) @OcpiId String sessionId,
        @NotNull @Valid Session.CdrToken cdrToken,
        @NotNull Session.AuthMethod authMethod,
        @Size(max = 36) String authorizationReference,
        @NotNull @Valid CdrLocation cdrLocation,
        @Size(max = 255) String meterId,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code") String currency,
        JsonNode tariffs,
        @NotEmpty List<Session.@NotNull @Valid ChargingPeriod> chargingPeriods,
        JsonNode signedData,
        @NotNull @Valid Price totalCost,
        @Valid Price totalFixedCost,
        @NotNull BigDecimal totalEnergy,
        @Valid Price totalEnergyCost,
        @NotNull BigDecimal totalTime,
        @Valid Price totalTimeCost,
        BigDecimal totalParkingTime,
        @Valid Price totalParkingCost,
        @Valid Price totalReservationCost,
        @Size(max = 255) String remark,
        @Size(max = 39) String invoiceReferenceId,
        Boolean credit,
        @Size(max = 39) String creditReferenceId,
        Boolean homeChargingCompensation,
        @NotNull Instant lastUpdated) {

    public record CdrLocation(
            @NotBlank @Size(max = 36) @OcpiId String id,
            @Size(max = 255) String name,
            @NotBlank @Size(max = 255) String address,
            @NotBlank @Size(max = 45) String city,
            @Size(max = 10) String postalCode,
            @Size(max = 45) String state,
            @NotBlank @Size(max = 3) String country,
            @NotNull @Valid com.rollyy.emsp.locations.Location.GeoLocation coordinates,
            @NotBlank @Size(max = 36) @OcpiId String evseUid,
            @NotBlank @Size(max = 48) String evseId,
            @NotBlank @Size(max = 36) @OcpiId String connectorId,
            @NotNull com.rollyy.emsp.locations.Connector.ConnectorType connectorStandard,
            @NotNull com.rollyy.emsp.locations.Connector.ConnectorFormat connectorFormat,
            @NotNull com.rollyy.emsp.locations.Connector.PowerType connectorPowerType) {
    }
}
