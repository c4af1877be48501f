package com.rollyy.emsp.robotjobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Service;

import com.rollyy.emsp.api.ApiException;

/** Robot jobs: created by the robot backend, moved by their charging session. */
@Service
public class RobotJobService {

    private static final int MAX_ID = 64;

    private final RobotJobRepository jobs;

    RobotJobService(RobotJobRepository jobs) {
        this.jobs = jobs;
    }

    record NewJob(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "robot-1") String robotId,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"charging", "delivery", "patrol"},
                          example = "charging") String jobType,
                  String placeId, @Schema(example = "EV-1") String vehicleId,
                  @Schema(example = "acme") String fleetId) {
    }

    RobotJob create(NewJob request) {
        require("robot_id", request.robotId());
        require("job_type", request.jobType());
        if (!RobotJob.TYPES.contains(request.jobType())) {
            throw ApiException.badRequest("Field 'job_type' must be one of " + RobotJob.TYPES + ": '"
                    + request.jobType() + "'");
        }
        optional("place_id", request.placeId());
        optional("vehicle_id", request.vehicleId());
        optional("fleet_id", request.fleetId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var job = new RobotJob(UUID.randomUUID(), request.robotId(), request.jobType(), request.fleetId(),
                request.placeId(), request.vehicleId(), JobStatus.QUEUED, null, null, now, now, null);
        jobs.insert(job);
        return job;
    }

    public RobotJob get(UUID id) {
        return jobs.find(id, false).orElseThrow(() -> ApiException.notFound("No robot job " + id));
    }

    /** Newest first, as GET /v1/robot-jobs answers (also read by the console). */
    public List<RobotJob> list(String robotId, String status, int limit) {
        JobStatus parsed = null;
        if (status != null && !status.isBlank()) {
            parsed = JobStatus.parse(status);
            if (parsed == null) {
                throw ApiException.badRequest("Parameter 'status' must be one of queued, starting, charging, "
                        + "stopping, completed, failed: '" + status + "'");
            }
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and 1000");
        }
        return jobs.list(robotId == null || robotId.isBlank() ? null : robotId, parsed, limit);
    }

    /** Jobs that failed at or after {@code since} (their last change), the latest failure first. */
    public List<RobotJob> failedSince(java.time.Instant since, int limit) {
        return jobs.failedSince(since, limit);
    }

    /**
     * The console's job search (docs/console.md): newest first, {@code limit} rows from
     * {@code offset}; each given filter narrows by an indexed column (the robot ids starting with
     * {@code robotId}, the job id exactly, the status).
     */
    public List<RobotJob> search(String robotId, UUID jobId, JobStatus status, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset " + offset + " / limit " + limit);
        }
        return jobs.search(robotId == null || robotId.isBlank() ? null : robotId.strip(), true, jobId, status, offset, limit);
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Field '" + field + "' is required");
        }
        optional(field, value);
    }

    private static void optional(String field, String value) {
        if (value != null && (value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.badRequest("Field '" + field + "' must be at most " + MAX_ID
                    + " printable characters");
        }
    }
}
