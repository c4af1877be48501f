package com.rollyy.emsp.cdrs;

import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * A CDR we did not hold before was stored (pushed or pulled); published inside the transaction
 * of the insert, once per CDR. A repeated CDR publishes nothing.
 */
public record CdrReceived(ObjectKey key, UUID connectionId, Cdr cdr) {
}
