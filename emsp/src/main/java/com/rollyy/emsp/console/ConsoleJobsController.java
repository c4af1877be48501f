package com.rollyy.emsp.console;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.rollyy.emsp.robotjobs.JobStatus;
import com.rollyy.emsp.robotjobs.RobotJob;
import com.rollyy.emsp.robotjobs.RobotJobService;

/**
 * "Robot jobs" of the console (docs/console.md): the searchable list, one job's timeline from
 * creation to payment, and its live stream while it may still change. Read-only.
 */
@Controller
class ConsoleJobsController {

    static final int PAGE_SIZE = 100;

    private final RobotJobService jobs;
    private final ConsoleJobPages pages;
    private final ConsoleJobStreams streams;

    ConsoleJobsController(RobotJobService jobs, ConsoleJobPages pages, ConsoleJobStreams streams) {
        this.jobs = jobs;
        this.pages = pages;
        this.streams = streams;
    }

    @GetMapping("/console/jobs")
    String list(@RequestParam(name = "robot_id", required = false) String robotId,
                @RequestParam(name = "job_id", required = false) String jobId,
                @RequestParam(required = false) String status,
                @RequestParam(required = false) String page, Model model) {
        model.addAttribute("page", "jobs");
        model.addAttribute("robotId", robotId == null ? "" : robotId.strip());
        model.addAttribute("jobId", jobId == null ? "" : jobId.strip());
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("statuses", List.of(JobStatus.values()).stream().map(JobStatus::value).toList());
        model.addAttribute("jobs", List.of());
        model.addAttribute("current", 0);
        model.addAttribute("hasNext", false);
        String problem = null;
        UUID id = null;
        JobStatus wanted = null;
        int current = 0;
        if (jobId != null && !jobId.isBlank()) {
            try {
                id = UUID.fromString(jobId.strip());
            } catch (IllegalArgumentException e) {
                problem = "Field 'Job id' must be a job's UUID, like 0f8fad5b-d9cb-469f-a165-70867728950e";
            }
        }
        if (status != null && !status.isBlank()) {
            wanted = JobStatus.parse(status);
            if (wanted == null) {
                problem = "Field 'Status' must be one of " + model.getAttribute("statuses");
            }
        }
        if (robotId != null && robotId.strip().length() > 64) {
            problem = "Field 'Robot id' must be at most 64 characters";
        }
        if (page != null && !page.isBlank()) {
            try {
                current = Integer.parseInt(page.strip());
            } catch (NumberFormatException e) {
                current = -1;
            }
            if (current < 0 || current > 10_000) {
                problem = "Parameter 'page' must be a number from 0 to 10000";
            }
        }
        if (problem != null) {
            model.addAttribute("problem", problem);
            return "console/jobs";
        }
        List<RobotJob> found = jobs.search(robotId, id, wanted, current * PAGE_SIZE, PAGE_SIZE + 1);
        model.addAttribute("jobs", found.stream().limit(PAGE_SIZE).toList());
        model.addAttribute("current", current);
        model.addAttribute("hasNext", found.size() > PAGE_SIZE);
        return "console/jobs";
    }

    @GetMapping("/console/jobs/{id}")
    String job(@PathVariable String id, Model model, RedirectAttributes redirect) {
        RobotJob job = find(id);
        if (job == null) {
            ConsoleModel.problem(redirect, "No robot job " + shorten(id));
            return "redirect:/console/jobs";
        }
        model.addAttribute("page", "jobs");
        model.addAttribute("p", pages.page(job));
        return "console/job";
    }

    /** The part of the job page that changes, fetched again by the page on each {@code changed} event. */
    @GetMapping("/console/jobs/{id}/timeline")
    String timeline(@PathVariable String id, Model model) {
        RobotJob job = find(id);
        if (job == null) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("p", pages.page(job));
        return "console/job :: timeline";
    }

    /**
     * Server-sent events while the job may still change: {@code changed} (data: the new version)
     * whenever what the page shows changed since {@code since}, {@code finished} at the end.
     */
    @GetMapping(path = "/console/jobs/{id}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> live(@PathVariable String id, @RequestParam(required = false) String since) {
        RobotJob job = find(id);
        if (job == null) {
            return ResponseEntity.notFound().build();
        }
        SseEmitter emitter = streams.open(job.rollyyId(), since);
        if (emitter == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30").build();
        }
        return ResponseEntity.ok().header("X-Accel-Buffering", "no").body(emitter);
    }

    /** A browser that left a live stream: nothing to answer, nothing worth an error in the log. */
    @org.springframework.web.bind.annotation.ExceptionHandler(
            org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void streamLeft() {
    }

    private RobotJob find(String id) {
        try {
            return pages.job(UUID.fromString(id.strip()));
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private static String shorten(String id) {
        return id.length() > 40 ? id.substring(0, 40) + "…" : id;
    }
}
