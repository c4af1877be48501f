package com.rollyy.emsp.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.rollyy.emsp.connections.Connection;
import com.rollyy.emsp.connections.HandshakeService;
import com.rollyy.emsp.ocpi.PeerCircuits;
import com.rollyy.emsp.payments.Payment;
import com.rollyy.emsp.payments.PaymentService;
import com.rollyy.emsp.payments.PaymentStatus;
import com.rollyy.emsp.robotjobs.RobotJob;
import com.rollyy.emsp.robotjobs.RobotJobService;

/**
 * The console's pages (docs/console.md). Reads only through the capability services, the same
 * sources as the product API: GET /ocpi/connections, /v1/robot-jobs and /v1/payments.
 */
@Controller
class ConsoleController {

    /** The most rows a list on the overview shows. */
    static final int LIST_LIMIT = 100;

    private final HandshakeService connections;
    private final PeerCircuits circuits;
    private final RobotJobService jobs;
    private final PaymentService payments;
    private final ConsoleAudit audit;
    private final com.rollyy.emsp.ocpi.PeerCallHistory calls;
    private final com.rollyy.emsp.connections.PullStates pulls;
    private final com.rollyy.emsp.tariffs.RecordedReconciliations reconciliations;

    ConsoleController(HandshakeService connections, PeerCircuits circuits, RobotJobService jobs,
                      PaymentService payments, ConsoleAudit audit, com.rollyy.emsp.ocpi.PeerCallHistory calls,
                      com.rollyy.emsp.connections.PullStates pulls,
                      com.rollyy.emsp.tariffs.RecordedReconciliations reconciliations) {
        this.reconciliations = reconciliations;
        this.calls = calls;
        this.pulls = pulls;
        this.connections = connections;
        this.circuits = circuits;
        this.jobs = jobs;
        this.payments = payments;
        this.audit = audit;
    }

    @GetMapping("/console/login")
    String login() {
        return "console/login";
    }

    @GetMapping("/console")
    String overview(Model model) {
        model.addAttribute("page", "overview");
        var pulled = pulls.all();
        List<Connection> all = connections.connections();
        model.addAttribute("total", all.size());
        model.addAttribute("connections", all.stream().limit(LIST_LIMIT)
                .map(c -> ConsoleConnectionRow.of(c, circuits, calls.lastHour(c.id()), pulled.getOrDefault(c.id(), List.of())))
                .toList());
        model.addAttribute("charging", jobs.list(null, "charging", LIST_LIMIT));
        Instant today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<RobotJob> failed = jobs.failedSince(today, LIST_LIMIT);
        model.addAttribute("failedToday", failed);
        List<Payment> held = payments.list(null, null, PaymentStatus.HELD, LIST_LIMIT);
        model.addAttribute("held", held);
        // payments and reconciliation: the CDRs whose price differs from ours, from the recorded outcomes
        model.addAttribute("discrepancyCount", reconciliations.countOpen());
        model.addAttribute("discrepancies", reconciliations.differing(null, 5, false).stream()
                .map(ConsoleReconciliationRow::of).toList());
        return "console/overview";
    }

    @GetMapping("/console/audit")
    String audit(@RequestParam(defaultValue = "0") int page, Model model) {
        int current = Math.max(page, 0);
        List<ConsoleAudit.Entry> entries = audit.page(current);
        model.addAttribute("page", "audit");
        model.addAttribute("entries", entries.stream().limit(ConsoleAudit.PAGE_SIZE).toList());
        model.addAttribute("current", current);
        model.addAttribute("hasNext", entries.size() > ConsoleAudit.PAGE_SIZE);
        return "console/audit";
    }
}
