package com.rollyy.emsp.robotjobs;

import java.time.Instant;
import java.util.UUID;

/** A robot job as the product API shows it. */
public record RobotJob(UUID rollyyId, String robotId, String jobType, String fleetId, String placeId,
                       String vehicleId, JobStatus status, String failureReason, String chargingSessionId,
                       Instant createdAt, Instant updatedAt, Instant completedAt) {

    public static final java.util.List<String> TYPES = java.util.List.of("charging", "delivery", "patrol");
}
