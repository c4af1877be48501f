package com.rollyy.emsp.console;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.cdrs.StoredCdr;
import com.rollyy.emsp.commands.CommandService;
import com.rollyy.emsp.payments.Payment;
import com.rollyy.emsp.payments.PaymentService;
import com.rollyy.emsp.payments.PaymentStatus;
import com.rollyy.emsp.robotjobs.JobStatus;
import com.rollyy.emsp.robotjobs.JobTimeline;
import com.rollyy.emsp.robotjobs.RobotJob;
import com.rollyy.emsp.robotjobs.RobotJobService;
import com.rollyy.emsp.tariffs.TariffPricing;
import com.rollyy.emsp.webhooks.WebhookEvent;
import com.rollyy.emsp.webhooks.WebhookEvents;

/**
 * What the job page shows, read through the capability services (the same sources as
 * {@code GET /v1/robot-jobs/{id}}, {@code /events}, {@code /ocpi/2.2.1/sessions/job/{id}},
 * {@code /v1/payments} and {@code /ocpi/2.2.1/tariffs/reconcile/{session_id}}), and whether it
 * may still change.
 */
@Component
class ConsoleJobPages {

    /** After this long in a final status a job's page stops following it live (a CDR may never come). */
    static final Duration FOLLOW_AFTER_END = Duration.ofMinutes(15);

    private final RobotJobService jobs;
    private final JobTimeline timeline;
    private final CommandService commands;
    private final CdrService cdrs;
    private final TariffPricing pricing;
    private final PaymentService payments;
    private final WebhookEvents events;

    ConsoleJobPages(RobotJobService jobs, JobTimeline timeline, CommandService commands, CdrService cdrs,
                    TariffPricing pricing, PaymentService payments, WebhookEvents events) {
        this.jobs = jobs;
        this.timeline = timeline;
        this.commands = commands;
        this.cdrs = cdrs;
        this.pricing = pricing;
        this.payments = payments;
        this.events = events;
    }

    /** One session of the job with everything that happened to it. */
    record SessionBlock(JobTimeline.JobSessionDetail detail, List<CommandService.SentRecord> commands,
                        ConsoleJobChart chart, StoredCdr cdr, TariffPricing.Reconciliation reconciliation,
                        String reconcileProblem) {
    }

    /** The whole page: the job, its sessions (newest first), payments and webhook events (oldest first). */
    record JobPage(RobotJob job, List<SessionBlock> sessions, List<Payment> payments, List<WebhookEvent> events,
                   java.util.Map<UUID, List<WebhookEvents.Attempt>> attempts, List<Moment> moments, boolean live,
                   String version) {
    }

    /** One line of the job's story, in time order. */
    record Moment(Instant at, String what, String detail) {
    }

    /** The job, or null when there is none with this id. */
    RobotJob job(UUID id) {
        try {
            return jobs.get(id);
        } catch (ApiException notFound) {
            return null;
        }
    }

    JobPage page(RobotJob job) {
        var sessions = timeline.sessions(job).stream().map(this::block).toList();
        var paid = payments.forJob(job.rollyyId().toString());
        var reported = events.forJob(job.rollyyId());
        var attempts = events.attemptsForJob(job.rollyyId()).stream().collect(java.util.stream.Collectors.groupingBy(
                WebhookEvents.Attempt::eventId));
        return new JobPage(job, sessions, paid, reported, attempts, moments(job, sessions, paid, reported),
                !done(job, paid, reported), version(job, paid, reported));
    }

    private static List<Moment> moments(RobotJob job, List<SessionBlock> sessions, List<Payment> paid,
                                        List<WebhookEvent> reported) {
        var all = new java.util.ArrayList<Moment>();
        all.add(new Moment(job.createdAt(), "Job created", job.jobType() + " for robot " + job.robotId()));
        for (SessionBlock s : sessions) {
            var view = s.detail().view();
            for (var c : s.commands()) {
                all.add(new Moment(c.createdAt(), c.command() + " sent", "the CPO answered " + c.status()
                        + (c.responseMessage() == null ? "" : ": " + c.responseMessage())));
                if (c.resultAt() != null) {
                    all.add(new Moment(c.resultAt(), c.command() + " result", c.result()
                            + (c.resultMessage() == null ? "" : ": " + c.resultMessage())));
                }
            }
            if (view.startTime() != null) {
                all.add(new Moment(view.startTime(), "Session started", "CPO session " + view.ocpiSessionId()));
            }
            if (view.endTime() != null) {
                all.add(new Moment(view.endTime(), "Session ended", view.energyKwh().toPlainString() + " kWh"));
            }
        }
        for (Payment p : paid) {
            all.add(new Moment(p.createdAt(), "Payment " + p.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " queued", p.amountCharged().toPlainString() + " " + p.currency()));
            if (!p.updatedAt().equals(p.createdAt())) {
                all.add(new Moment(p.updatedAt(), "Payment " + p.status(), p.stripeId() == null ? ""
                        : "Stripe " + p.stripeId()));
            }
        }
        for (WebhookEvent e : reported) {
            all.add(new Moment(e.createdAt(), "Event " + e.type(), e.status()
                    + (e.deliveredAt() == null ? "" : ", delivered " + e.deliveredAt())));
        }
        all.sort(java.util.Comparator.comparing(Moment::at));
        return all;
    }

    private SessionBlock block(JobTimeline.JobSessionDetail detail) {
        var sent = commands.forJobSession(detail.view().sessionId());
        var chart = ConsoleJobChart.of(detail.view().startTime(), detail.energy());
        StoredCdr cdr = detail.cdr() == null ? null : cdrs.find(detail.cdr()).orElse(null);
        TariffPricing.Reconciliation reconciliation = null;
        String problem = null;
        if (cdr != null) {
            try {
                reconciliation = pricing.reconcile(cdr);
            } catch (ApiException | IllegalArgumentException e) {
                // a CDR we cannot re-price (no tariff, no charging periods): the page says why
                problem = e.getMessage();
            }
        }
        return new SessionBlock(detail, sent, chart, cdr, reconciliation, problem);
    }

    /** A short fingerprint of everything the page shows that can change; null when the job is gone. */
    String version(UUID id) {
        RobotJob job = job(id);
        if (job == null) {
            return null;
        }
        var paid = payments.forJob(id.toString());
        var reported = events.forJob(id);
        return (done(job, paid, reported) ? "done:" : "") + version(job, paid, reported);
    }

    private String version(RobotJob job, List<Payment> paid, List<WebhookEvent> reported) {
        var all = new StringBuilder().append(job.status()).append(job.updatedAt()).append('|')
                .append(timeline.version(job.rollyyId())).append('|');
        paid.forEach(p -> all.append(p.id()).append(p.status()).append(p.updatedAt()).append(';'));
        reported.forEach(e -> all.append(e.id()).append(e.status()).append(e.attempts()).append(';'));
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(all.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Nothing more will happen: the job is final and (failed, or its CDR was paid) and every
     * webhook event settled — or it ended long ago.
     */
    static boolean done(RobotJob job, List<Payment> paid, List<WebhookEvent> reported) {
        if (!job.status().isFinal()) {
            return false;
        }
        Instant ended = Objects.requireNonNullElse(job.completedAt(), job.updatedAt());
        if (ended.isBefore(Instant.now().minus(FOLLOW_AFTER_END))) {
            return true;
        }
        boolean eventsSettled = reported.stream().noneMatch(e -> "PENDING".equals(e.status()));
        boolean paymentsSettled = paid.stream().noneMatch(p -> p.status() == PaymentStatus.QUEUED
                || p.status() == PaymentStatus.PROCESSING);
        boolean billed = !paid.isEmpty() || job.status() == JobStatus.FAILED;
        return eventsSettled && paymentsSettled && billed;
    }
}
