package com.rollyy.emsp.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.payments.Payment;
import com.rollyy.emsp.payments.PaymentKind;
import com.rollyy.emsp.payments.PaymentService;
import com.rollyy.emsp.payments.PaymentStatus;

/**
 * The Payments page (docs/console.md): payments newest first, filtered by status, robot job and CPO
 * connection,
 * 100 per page; releasing a held payment and refunding a succeeded charge, each after a
 * confirmation page that states the amount. Reads and acts through {@link PaymentService}, as
 * GET /v1/payments, POST /v1/payments/{id}/release and /refund do.
 */
@Controller
class ConsolePaymentsController {

    static final int PAGE_SIZE = 100;

    private final PaymentService payments;
    private final Peers peers;

    ConsolePaymentsController(PaymentService payments, Peers peers) {
        this.payments = payments;
        this.peers = peers;
    }

    @GetMapping("/console/payments")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String job,
                @RequestParam(required = false) String connection, @RequestParam(required = false) String before,
                Model model) {
        model.addAttribute("page", "payments");
        PaymentStatus wanted = null;
        var problems = new ArrayList<String>();
        if (status != null && !status.isBlank()) {
            try {
                wanted = PaymentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("Status: '" + status + "' is not one of " + List.of(PaymentStatus.values()));
            }
        }
        UUID connectionId = null;
        if (connection != null && !connection.isBlank()) {
            connectionId = uuid(connection).orElse(null);
            if (connectionId == null) {
                problems.add("Connection: '" + connection.strip() + "' is not a connection id");
            }
        }
        String problem = problems.isEmpty() ? null : String.join("; ", problems);
        String robotJob = job == null || job.isBlank() ? null : job.strip();
        Payment cursor = uuid(before).flatMap(payments::find).orElse(null);
        List<Payment> rows = problem != null ? List.of()
                : payments.page(robotJob, connectionId, wanted, cursor, PAGE_SIZE + 1);
        model.addAttribute("payments", rows.stream().limit(PAGE_SIZE).map(ConsolePaymentRow::of).toList());
        model.addAttribute("statuses", PaymentStatus.values());
        model.addAttribute("status", wanted == null ? "" : wanted.name());
        model.addAttribute("job", robotJob == null ? "" : robotJob);
        model.addAttribute("connection", connectionId == null ? "" : connectionId.toString());
        // every connection, ended ones too: their payments stay (a payment outlives its connection)
        model.addAttribute("connections", peers.summaries().values().stream()
                .map(c -> Map.of("id", c.id().toString(), "name", c.name() + (c.countryCode() == null ? ""
                        : " (" + c.countryCode() + "/" + c.partyId() + ")") + (c.active() ? "" : ", " + c.status())))
                .toList());
        model.addAttribute("filterProblem", problem);
        model.addAttribute("older", rows.size() > PAGE_SIZE ? rows.get(PAGE_SIZE - 1).id().toString() : null);
        model.addAttribute("paged", cursor != null);
        return "console/payments";
    }

    @GetMapping("/console/payments/{id}")
    String detail(@PathVariable String id, Model model) {
        Payment payment = payment(id);
        model.addAttribute("page", "payments");
        model.addAttribute("p", ConsolePaymentRow.of(payment));
        model.addAttribute("refunds", payment.refunds());
        model.addAttribute("refundable", refundable(payment));
        model.addAttribute("scale", PaymentService.refundScale(payment.currency()));
        return "console/payment";
    }

    /** The status region of the payment page, polled by htmx while the payment is not final. */
    @GetMapping("/console/payments/{id}/status")
    String status(@PathVariable String id, Model model) {
        model.addAttribute("p", ConsolePaymentRow.of(payment(id)));
        return "console/payment :: status";
    }

    @GetMapping("/console/payments/{id}/release")
    String confirmRelease(@PathVariable String id, Model model) {
        Payment payment = payment(id);
        model.addAttribute("page", "payments");
        model.addAttribute("p", ConsolePaymentRow.of(payment));
        model.addAttribute("releasable", releasable(payment));
        return "console/payment-release";
    }

    @PostMapping("/console/payments/{id}/release")
    String release(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
        Payment payment = payment(id);
        var row = ConsolePaymentRow.of(payment);
        var detail = new LinkedHashMap<String, Object>();
        detail.put("payment", payment.id().toString());
        detail.put("amount", row.charged());
        detail.put("currency", payment.currency());
        try {
            payments.release(payment.id());
            detail.put("outcome", "released");
            ConsoleModel.notice(redirect, row.waivesOnRelease()
                    ? "Released: " + row.charged() + " " + payment.currency() + " is below Stripe's minimum and is waived"
                    : "Released: " + row.charged() + " " + payment.currency() + " is being charged");
        } catch (ApiException e) {
            detail.put("outcome", e.code());
            ConsoleModel.problem(redirect, "Not released: " + e.getMessage());
        }
        ConsoleModel.auditDetail(request, detail);
        return "redirect:/console/payments/" + payment.id();
    }

    @GetMapping("/console/payments/{id}/refund")
    String confirmRefund(@PathVariable String id, @RequestParam(required = false) String amount, Model model) {
        Payment payment = payment(id);
        BigDecimal refundable = refundable(payment);
        model.addAttribute("page", "payments");
        model.addAttribute("p", ConsolePaymentRow.of(payment));
        model.addAttribute("refundable", refundable);
        model.addAttribute("amount", amount == null ? refundable.toPlainString() : amount.strip());
        model.addAttribute("requestKey", UUID.randomUUID().toString());
        if (amount != null) {
            try {
                BigDecimal asked = checkedAmount(amount, payment, refundable);
                model.addAttribute("asked", asked);
                model.addAttribute("after", refundable.subtract(asked));
            } catch (IllegalArgumentException e) {
                model.addAttribute("amountProblem", e.getMessage());
            }
        }
        return "console/payment-refund";
    }

    @PostMapping("/console/payments/{id}/refund")
    String refund(@PathVariable String id, @RequestParam(required = false) String amount,
                  @RequestParam(name = "request_key", required = false) String requestKey,
                  Authentication operator, HttpServletRequest request, RedirectAttributes redirect) {
        Payment payment = payment(id);
        var detail = new LinkedHashMap<String, Object>();
        detail.put("payment", payment.id().toString());
        detail.put("amount", amount);
        detail.put("currency", payment.currency());
        try {
            // the refundable amount is checked by the service, after the request key: a second click is no error
            BigDecimal asked = checkedAmount(amount, payment, null);
            detail.put("amount", asked.toPlainString());
            Payment refunded = payments.refund(payment.id(), asked,
                    requestKey == null || requestKey.isBlank() ? null : requestKey, operator.getName());
            detail.put("outcome", "refunded");
            ConsoleModel.notice(redirect, "Refunded " + asked.toPlainString() + " " + payment.currency()
                    + ": " + refunded.amountRefunded().toPlainString() + " " + payment.currency()
                    + " refunded of this payment in all");
        } catch (IllegalArgumentException e) {
            detail.put("outcome", "refused");
            ConsoleModel.problem(redirect, "Not refunded: " + e.getMessage());
        } catch (ApiException e) {
            detail.put("outcome", e.code());
            ConsoleModel.problem(redirect, "Not refunded: " + e.getMessage());
        }
        ConsoleModel.auditDetail(request, detail);
        return "redirect:/console/payments/" + payment.id();
    }

    /**
     * The amount the operator typed, at the currency's scale, no more than {@code refundable}
     * (unless null); otherwise a message that names the field.
     */
    static BigDecimal checkedAmount(String amount, Payment payment, BigDecimal refundable) {
        String text = amount == null ? "" : amount.strip();
        String currency = payment.currency();
        if (!text.matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("Amount: enter a positive decimal amount such as 2.50, not '"
                    + text + "'");
        }
        BigDecimal asked;
        int scale = PaymentService.refundScale(currency);
        try {
            asked = new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Amount: at most " + scale + " decimals in " + currency + ", not "
                    + text);
        }
        if (asked.signum() <= 0) {
            throw new IllegalArgumentException("Amount: must be more than 0");
        }
        if (refundable != null && asked.compareTo(refundable) > 0) {
            throw new IllegalArgumentException("Amount: " + asked.toPlainString() + " " + currency
                    + " is more than the refundable " + refundable.toPlainString() + " " + currency);
        }
        return asked;
    }

    private BigDecimal refundable(Payment payment) {
        return payment.kind() == PaymentKind.CHARGE ? payments.refundable(payment)
                : BigDecimal.ZERO.setScale(PaymentService.refundScale(payment.currency()));
    }

    private static boolean releasable(Payment payment) {
        return payment.status() == PaymentStatus.HELD || payment.status() == PaymentStatus.NOT_CONFIGURED;
    }

    private Payment payment(String id) {
        return uuid(id).flatMap(payments::find)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No payment " + id));
    }

    private static Optional<UUID> uuid(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
