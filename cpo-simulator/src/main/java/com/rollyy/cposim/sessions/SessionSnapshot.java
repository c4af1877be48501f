package com.rollyy.cposim.sessions;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A session of the simulator as it stands (a copy; it does not change afterwards).
 *
 * @param id                     Session.id, {@code SIM-S-<n>}
 * @param status                 PENDING, ACTIVE or COMPLETED
 * @param kwh                    energy so far
 * @param chargingPeriods        how many charging periods it has
 * @param authorizationReference as the eMSP gave it, or null
 * @param locationId             Location.id
 * @param evseUid                EVSE.uid
 * @param connectorId            Connector.id
 * @param tariffId               the tariff its periods name, or null when the connector has none
 * @param startDateTime          start_date_time
 * @param endDateTime            end_date_time, or null while it runs
 * @param lastUpdated            last_updated
 * @param cdrId                  the CDR made when it ended, or null
 * @param json                   the Session object exactly as the simulator serves and PUTs it
 */
public record SessionSnapshot(String id, String status, BigDecimal kwh, int chargingPeriods,
                              String authorizationReference, String locationId, String evseUid, String connectorId,
                              String tariffId, Instant startDateTime, Instant endDateTime, Instant lastUpdated,
                              String cdrId, String json) {
}
