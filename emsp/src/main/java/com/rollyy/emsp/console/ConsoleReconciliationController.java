package com.rollyy.emsp.console;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.ocpi.ObjectKey;
import com.rollyy.emsp.payments.PaymentService;
import com.rollyy.emsp.tariffs.RecordedReconciliations;
import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.TariffPricing;
import com.rollyy.emsp.tariffs.TariffService;

/**
 * The Reconciliation page (docs/console.md): CDRs whose price differs from ours, as recorded when
 * each CDR arrived ({@link RecordedReconciliations}, an indexed table, never re-priced at page
 * load), and one CDR next to its tariff, re-priced on its own page as
 * GET /ocpi/2.2.1/tariffs/reconcile?cdr_id= does.
 */
@Controller
class ConsoleReconciliationController {

    static final int PAGE_SIZE = 100;
    static final int MAX_NOTE = 500;

    private final RecordedReconciliations recorded;
    private final CdrService cdrs;
    private final TariffPricing pricing;
    private final TariffService tariffs;
    private final PaymentService payments;

    ConsoleReconciliationController(RecordedReconciliations recorded, CdrService cdrs, TariffPricing pricing,
                                    TariffService tariffs, PaymentService payments) {
        this.recorded = recorded;
        this.cdrs = cdrs;
        this.pricing = pricing;
        this.tariffs = tariffs;
        this.payments = payments;
    }

    @GetMapping("/console/reconciliation")
    String list(@RequestParam(required = false) String before, @RequestParam(required = false) String state,
                Model model) {
        model.addAttribute("page", "reconciliation");
        boolean reviewed = "reviewed".equals(state);
        RecordedReconciliations.Recorded cursor = ConsoleReconciliationRow.key(before).flatMap(recorded::find)
                .orElse(null);
        var rows = recorded.differing(cursor, PAGE_SIZE + 1, reviewed);
        model.addAttribute("rows", rows.stream().limit(PAGE_SIZE).map(ConsoleReconciliationRow::of).toList());
        model.addAttribute("reviewed", reviewed);
        model.addAttribute("count", recorded.countOpen());
        model.addAttribute("reviewedCount", recorded.countReviewed());
        model.addAttribute("older", rows.size() > PAGE_SIZE
                ? ConsoleReconciliationRow.of(rows.get(PAGE_SIZE - 1)).path() : null);
        model.addAttribute("paged", cursor != null);
        return "console/reconciliation";
    }

    /** An operator looked into an open discrepancy (asked the CPO, accepted or disputed it): it leaves the open list. */
    @PostMapping("/console/reconciliation/{countryCode}/{partyId}/{cdrId}/review")
    String review(@PathVariable String countryCode, @PathVariable String partyId, @PathVariable String cdrId,
                  @RequestParam(required = false) String note, Authentication operator,
                  HttpServletRequest request, RedirectAttributes redirect) {
        var key = new ObjectKey(countryCode, partyId, cdrId);
        String back = "redirect:/console/reconciliation/" + ConsoleReconciliationRow.of(recorded.find(key)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No reconciliation recorded for CDR "
                        + countryCode + "/" + partyId + "/" + cdrId))).path();
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > MAX_NOTE) {
            ConsoleModel.problem(redirect, "Note: say in 1 to " + MAX_NOTE
                    + " characters what you found (e.g. \"CPO confirmed a tariff change\")");
            return back;
        }
        boolean done = recorded.review(key, operator.getName(), text);
        ConsoleModel.auditDetail(request, java.util.Map.of("cdr", key.countryCode() + "/" + key.partyId() + "/"
                + key.id(), "note", text, "reviewed", done));
        if (done) {
            ConsoleModel.notice(redirect, "Marked reviewed: it no longer counts as an open discrepancy.");
        } else {
            ConsoleModel.problem(redirect, "Not marked: this CDR does not differ from our price, or was reviewed already.");
        }
        return back;
    }

    @GetMapping("/console/reconciliation/{countryCode}/{partyId}/{cdrId}")
    String cdr(@PathVariable String countryCode, @PathVariable String partyId, @PathVariable String cdrId,
               Model model) {
        var key = new ObjectKey(countryCode, partyId, cdrId);
        var row = recorded.find(key).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No reconciliation recorded for CDR " + countryCode + "/" + partyId + "/" + cdrId));
        model.addAttribute("page", "reconciliation");
        model.addAttribute("r", ConsoleReconciliationRow.of(row));
        var cdr = cdrs.find(key).orElse(null);
        model.addAttribute("cdr", cdr);
        TariffPricing.Reconciliation now = null;
        String notPriced = null;
        if (cdr != null) {
            try {
                now = pricing.reconcile(cdr);
            } catch (RuntimeException e) {
                notPriced = e.getMessage();
            }
        }
        model.addAttribute("now", now);
        model.addAttribute("notPriced", notPriced);
        model.addAttribute("costs", now == null ? List.of() : ConsoleReconciliationRow.costs(now));
        String tariffId = now != null ? now.tariffId() : row.tariffId();
        List<Tariff> tariff = tariffId == null ? List.of()
                : tariffs.current(key.countryCode(), key.partyId(), List.of(tariffId));
        model.addAttribute("tariff", tariff.isEmpty() ? null : tariff.get(0));
        model.addAttribute("components", tariff.isEmpty() ? List.of()
                : ConsoleReconciliationRow.components(tariff.get(0)));
        model.addAttribute("payment", payments.forCdr(key).map(ConsolePaymentRow::of).orElse(null));
        return "console/reconciliation-cdr";
    }

}
