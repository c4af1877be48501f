package com.rollyy.cposim.sessions;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A CDR the simulator made.
 *
 * @param id               CDR.id, {@code SIM-C-<n>}
 * @param sessionId        the session it bills
 * @param totalCostExclVat total_cost.excl_vat as sent (after the {@code cdrCostFactor} knob)
 * @param totalCostInclVat total_cost.incl_vat as sent
 * @param lastUpdated      last_updated (its creation time)
 * @param json             the CDR object exactly as POSTed and served
 * @param emspLocation     the {@code Location} header of the eMSP's last answer to a POST of it, or null
 */
public record CdrSnapshot(String id, String sessionId, BigDecimal totalCostExclVat, BigDecimal totalCostInclVat,
                          Instant lastUpdated, String json, String emspLocation) {
}
