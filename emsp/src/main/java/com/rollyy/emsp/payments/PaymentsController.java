package com.rollyy.emsp.payments;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.rollyy.emsp.api.ApiException;

/** Payments for operators (X-API-Key): look them up, release held ones. */
@RestController
class PaymentsController {

    private static final int MAX_LIMIT = 1000;

    private final PaymentService payments;

    PaymentsController(PaymentService payments) {
        this.payments = payments;
    }

    @GetMapping("/v1/payments/{id}")
    Payment get(@PathVariable UUID id) {
        return payments.find(id).orElseThrow(() -> ApiException.notFound("Unknown payment " + id));
    }

    /** Newest first. */
    @GetMapping("/v1/payments")
    List<Payment> list(@RequestParam(name = "cdr_id", required = false) String cdrId,
                       @RequestParam(name = "robot_job_id", required = false) String robotJobId,
                       @RequestParam(name = "connection_id", required = false) String connectionId,
                       @RequestParam(name = "status", required = false) String status,
                       @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        return payments.list(blankToNull(cdrId), blankToNull(robotJobId), connectionId(connectionId), status(status),
                limit);
    }

    @PostMapping("/v1/payments/{id}/release")
    Payment release(@PathVariable UUID id) {
        return payments.release(id);
    }

    /**
     * Refunds all that is left (no body, or no {@code amount}) or {@code amount} of a succeeded
     * charge. The same {@code Idempotency-Key} again answers the same refund instead of a second one.
     */
    @PostMapping("/v1/payments/{id}/refund")
    Payment refund(@PathVariable UUID id,
                   @org.springframework.web.bind.annotation.RequestHeader(name = "Idempotency-Key", required = false)
                   String idempotencyKey,
                   @org.springframework.web.bind.annotation.RequestBody(required = false) RefundRequest request) {
        return payments.refund(id, request == null ? null : request.amountValue(), idempotencyKey, "api");
    }

    /**
     * @param amount a decimal amount in the payment's currency, as a string ("2.50") or a number;
     *               absent for a full refund
     */
    record RefundRequest(String amount) {

        java.math.BigDecimal amountValue() {
            if (amount == null) {
                return null;
            }
            String text = amount.strip();
            if (text.matches("[+-]?\\d+(\\.\\d+)?")) {
                return new java.math.BigDecimal(text);
            }
            throw new com.rollyy.emsp.api.ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid_request",
                    "Field 'amount' must be a decimal amount such as \"2.50\", got \"" + amount + "\"");
        }
    }

    private static PaymentStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return PaymentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'status' must be one of "
                    + java.util.Arrays.toString(PaymentStatus.values()));
        }
    }

    private static UUID connectionId(String connectionId) {
        String value = blankToNull(connectionId);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter 'connection_id' must be a connection id (a UUID), got '"
                    + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
