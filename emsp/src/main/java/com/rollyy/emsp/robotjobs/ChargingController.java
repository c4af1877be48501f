package com.rollyy.emsp.robotjobs;

import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;

/**
 * Product API (X-API-Key) in the OCPI URL space: start and stop a robot's charging session, and
 * follow it by job.
 */
@RestController
class ChargingController {

    private final ChargingService charging;
    private final JobSessionRepository sessions;
    private final SessionViews views;

    ChargingController(ChargingService charging, JobSessionRepository sessions, SessionViews views) {
        this.charging = charging;
        this.sessions = sessions;
        this.views = views;
    }

    @PostMapping("/ocpi/2.2.1/commands/START_SESSION")
    ResponseEntity<ChargingService.CommandAnswer> start(@RequestBody ChargingService.StartRequest request) {
        try (var job = org.slf4j.MDC.putCloseable("robot_job_id", String.valueOf(request.robotJobId()))) {
            var answer = charging.start(request);
            return ResponseEntity.status(answer.httpStatus()).body(answer);
        }
    }

    @PostMapping("/ocpi/2.2.1/commands/STOP_SESSION")
    ResponseEntity<ChargingService.CommandAnswer> stop(@RequestBody ChargingService.StopRequest request) {
        String named = request.sessionId() != null ? request.sessionId() : request.ocpiSessionId();
        try (var session = org.slf4j.MDC.putCloseable("session_id", String.valueOf(named))) {
            var answer = charging.stop(request);
            return ResponseEntity.status(answer.httpStatus()).body(answer);
        }
    }

    @GetMapping("/ocpi/2.2.1/sessions/job/{jobId}")
    SessionView byJob(@PathVariable UUID jobId) {
        var found = sessions.jobAndLatest(jobId).orElseThrow(() -> ApiException.notFound("No robot job " + jobId));
        JobSession js = found.latest().orElseThrow(() -> new ApiException(
                org.springframework.http.HttpStatus.NOT_FOUND, "no_session", "Robot job " + jobId
                + " has no charging session (yet)"));
        return views.of(js, found.jobStatus());
    }
}
