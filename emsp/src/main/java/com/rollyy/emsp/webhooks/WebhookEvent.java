package com.rollyy.emsp.webhooks;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** One event as stored and as listed by the product API. */
public record WebhookEvent(UUID id, long sequence, String type, UUID robotJobId, String status, int attempts,
                           String lastError, Instant createdAt, Instant deliveredAt, JsonNode payload) {

    public enum Status { PENDING, DELIVERED, FAILED, NOT_CONFIGURED }
}
