package com.rollyy.emsp.robotjobs;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.webhooks.WebhookEvent;
import com.rollyy.emsp.webhooks.WebhookEvents;

/** Product API (X-API-Key): {@code /v1/robot-jobs}. */
@RestController
class RobotJobsController {

    private final RobotJobService jobs;
    private final WebhookEvents events;

    RobotJobsController(RobotJobService jobs, WebhookEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    @PostMapping("/v1/robot-jobs")
    @ResponseStatus(HttpStatus.CREATED)
    RobotJob create(@RequestBody RobotJobService.NewJob request) {
        return jobs.create(request);
    }

    @GetMapping("/v1/robot-jobs/{jobId}")
    RobotJob get(@PathVariable UUID jobId) {
        return jobs.get(jobId);
    }

    @GetMapping("/v1/robot-jobs")
    List<RobotJob> list(@RequestParam(name = "robot_id", required = false) String robotId,
                        @RequestParam(required = false) String status,
                        @RequestParam(defaultValue = "100") int limit) {
        return jobs.list(robotId, status, limit);
    }

    /** Every event reported for a job, with its delivery state: the pull fallback for webhooks. */
    @GetMapping("/v1/robot-jobs/{jobId}/events")
    List<WebhookEvent> events(@PathVariable UUID jobId) {
        jobs.get(jobId);
        return events.forJob(jobId);
    }
}
