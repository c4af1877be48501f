package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.rollyy.emsp.ocpi.types.BusinessDetails;
import com.rollyy.emsp.ocpi.types.DisplayText;
import com.rollyy.emsp.ocpi.OcpiId;

/** The OCPI 2.2.1 EVSE object: what the product calls a charging asset. */
public record Evse(
        @NotBlank @Size(max = 36) @OcpiId String uid,
        @Size(max = 48) String evseId,
        @NotNull Status status,
        List<@Valid StatusSchedule> statusSchedule,
        List<@NotNull Capability> capabilities,
        @NotEmpty List<@NotNull @Valid Connector> connectors,
        @Size(max = 4) String floorLevel,
        @Valid Location.GeoLocation coordinates,
        @Size(max = 16) String physicalReference,
        List<@Valid DisplayText> directions,
        List<@NotNull ParkingRestriction> parkingRestrictions,
        List<BusinessDetails.@Valid Image> images,
        @NotNull Instant lastUpdated) {

    public enum Status { AVAILABLE, BLOCKED, CHARGING, INOPERATIVE, OUTOFORDER, PLANNED, REMOVED, RESERVED, UNKNOWN }

    public enum Capability {
        CHARGING_PROFILE_CAPABLE, CHARGING_PREFERENCES_CAPABLE, CHIP_CARD_SUPPORT, CONTACTLESS_CARD_SUPPORT,
        CREDIT_CARD_PAYABLE, DEBIT_CARD_PAYABLE, PED_TERMINAL, REMOTE_START_STOP_CAPABLE, RESERVABLE, RFID_READER,
        START_SESSION_CONNECTOR_REQUIRED, TOKEN_GROUP_CAPABLE, UNLOCK_CAPABLE
    }

    public enum ParkingRestriction { EV_ONLY, PLUGGED, DISABLED, CUSTOMERS, MOTORCYCLES }

    public record StatusSchedule(@NotNull Instant periodBegin, Instant periodEnd, @NotNull Status status) {
    }
}
