package com.rollyy.emsp.connections;

import java.util.UUID;

/**
 * A peer has just completed the credentials handshake (either direction) and is ACTIVE.
 * Published after the registration committed, outside any transaction.
 */
public record ConnectionActivated(UUID connectionId) {
}
