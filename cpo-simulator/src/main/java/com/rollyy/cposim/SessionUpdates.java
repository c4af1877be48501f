package com.rollyy.cposim;

/** How a running session's updates reach the eMSP (knob {@code sessionUpdates}). */
public enum SessionUpdates {
    /** PATCH with the new charging periods, kwh, total_cost and last_updated (the eMSP appends the periods). */
    PATCH,
    /** Every update is a full PUT, as Gireve forwards them (it implements no Session PATCH). */
    PUT_ONLY
}
