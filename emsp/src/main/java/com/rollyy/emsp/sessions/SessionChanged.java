package com.rollyy.emsp.sessions;

import java.util.UUID;

import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * A Session was stored (PUT, PATCH or pull), published inside the transaction that stored it, so
 * listeners' own writes commit or roll back with it. Stale writes, which change nothing, are not
 * published.
 */
public record SessionChanged(ObjectKey key, UUID connectionId, Session session) {
}
