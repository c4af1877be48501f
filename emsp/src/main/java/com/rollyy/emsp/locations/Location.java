package com.rollyy.emsp.locations;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.rollyy.emsp.ocpi.types.BusinessDetails;
import com.rollyy.emsp.ocpi.types.DisplayText;
import com.rollyy.emsp.ocpi.types.EnergyMix;
import com.rollyy.emsp.ocpi.OcpiId;

/**
 * The OCPI 2.2.1 Location object. Lengths follow the post-d2 errata where they were raised
 * (address 255, state 45): a CPO on the corrected text must not be refused.
 */
public record Location(
        @NotBlank @Size(max = 2) @OcpiId String countryCode,
        @NotBlank @Size(max = 3) @OcpiId String partyId,
        @NotBlank @Size(max = 36) @OcpiId String id,
        @NotNull Boolean publish,
        List<@Valid PublishTokenType> publishAllowedTo,
        @Size(max = 255) String name,
        @NotBlank @Size(max = 255) String address,
        @NotBlank @Size(max = 45) String city,
        @Size(max = 10) String postalCode,
        @Size(max = 45) String state,
        @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 3166-1 alpha-3 code") String country,
        @NotNull @Valid GeoLocation coordinates,
        List<@Valid AdditionalGeoLocation> relatedLocations,
        ParkingType parkingType,
        List<@NotNull @Valid Evse> evses,
        List<@Valid DisplayText> directions,
        @Valid BusinessDetails operator,
        @Valid BusinessDetails suboperator,
        @Valid BusinessDetails owner,
        List<@NotNull Facility> facilities,
        @NotBlank @Size(max = 255) String timeZone,
        @Valid Hours openingTimes,
        Boolean chargingWhenClosed,
        List<BusinessDetails.@Valid Image> images,
        @Valid EnergyMix energyMix,
        @NotNull Instant lastUpdated) {

    public enum ParkingType { ALONG_MOTORWAY, PARKING_GARAGE, PARKING_LOT, ON_DRIVEWAY, ON_STREET, UNDERGROUND_GARAGE }

    public enum Facility {
        HOTEL, RESTAURANT, CAFE, MALL, SUPERMARKET, SPORT, RECREATION_AREA, NATURE, MUSEUM, BIKE_SHARING, BUS_STOP,
        TAXI_STAND, TRAM_STOP, METRO_STATION, TRAIN_STATION, AIRPORT, PARKING_LOT, CARPOOL_PARKING, FUEL_STATION, WIFI
    }

    public Location withEvses(List<Evse> evses) {
        return new Location(countryCode, partyId, id, publish, publishAllowedTo, name, address, city, postalCode,
                state, country, coordinates, relatedLocations, parkingType, evses, directions, operator,
                suboperator, owner, facilities, timeZone, openingTimes, chargingWhenClosed, images, energyMix,
                lastUpdated);
    }

    /** OCPI GeoLocation: decimal degrees as strings, with the spec's exact patterns. */
    public record GeoLocation(
            @NotNull @Pattern(regexp = "-?[0-9]{1,2}\\.[0-9]{5,7}", message = "must be decimal degrees with 5 to 7 decimals")
            String latitude,
            @NotNull @Pattern(regexp = "-?[0-9]{1,3}\\.[0-9]{5,7}", message = "must be decimal degrees with 5 to 7 decimals")
            String longitude) {

        public double lat() {
            return Double.parseDouble(latitude);
        }

        public double lon() {
            return Double.parseDouble(longitude);
        }
    }

    public record AdditionalGeoLocation(
            @NotNull @Pattern(regexp = "-?[0-9]{1,2}\\.[0-9]{5,7}", message = "must be decimal degrees with 5 to 7 decimals")
            String latitude,
            @NotNull @Pattern(regexp = "-?[0-9]{1,3}\\.[0-9]{5,7}", message = "must be decimal degrees with 5 to 7 decimals")
            String longitude,
            @Valid DisplayText name) {
    }

    public record PublishTokenType(@Size(max = 36) String uid, String type, @Size(max = 64) String visualNumber,
                                   @Size(max = 64) String issuer, @Size(max = 36) String groupId) {
    }

    public record Hours(
            @NotNull Boolean twentyfourseven,
            List<@Valid RegularHours> regularHours,
            List<@Valid ExceptionalPeriod> exceptionalOpenings,
            List<@Valid ExceptionalPeriod> exceptionalClosings) {
    }

    public record RegularHours(
            @NotNull @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(7) Integer weekday,
            @NotNull @Pattern(regexp = "([0-1][0-9]|2[0-3]):[0-5][0-9]", message = "must be HH:MM") String periodBegin,
            @NotNull @Pattern(regexp = "([0-1][0-9]|2[0-3]):[0-5][0-9]|24:00", message = "must be HH:MM") String periodEnd) {
    }

    public record ExceptionalPeriod(@NotNull Instant periodBegin, @NotNull Instant periodEnd) {
    }
}
