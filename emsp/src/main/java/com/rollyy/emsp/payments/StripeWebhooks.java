package com.rollyy.emsp.payments;

import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import com.stripe.model.Event;

/**
 * Verified Stripe events applied to payments. Stripe delivers at least once and in any order,
 * so the event id is recorded in the transaction that applies it (a repeat changes nothing), and
 * an event only finishes an open payment: what is final stays final.
 */
@Component
class StripeWebhooks {

    private static final Logger log = LoggerFactory.getLogger(StripeWebhooks.class);

    enum Result { APPLIED, DUPLICATE, IGNORED }

    private final PaymentRepository repository;
    private final PaymentTransitions transitions;
    private final ObjectMapper mapper;
    private final TransactionTemplate tx;

    StripeWebhooks(PaymentRepository repository, PaymentTransitions transitions, ObjectMapper mapper,
                   TransactionTemplate tx) {
        this.repository = repository;
        this.transitions = transitions;
        this.mapper = mapper;
        this.tx = tx;
    }

    Result handle(Event event) {
        return tx.execute(s -> {
            if (!repository.recordEvent(event.getId(), event.getType())) {
                log.info("Stripe event {} ({}) received again: ignored", event.getId(), event.getType());
                return Result.DUPLICATE;
            }
            String type = event.getType() == null ? "" : event.getType();
            // the raw object, not stripe-java's typed one: that is empty when the event's API
            // version differs from the library's, and we read three fields
            JsonNode object = mapper.readTree(event.getDataObjectDeserializer().getRawJson());
            return switch (type) {
                case "payment_intent.succeeded" -> apply(event, PaymentKind.CHARGE, object, true, null);
                case "payment_intent.payment_failed" -> apply(event, PaymentKind.CHARGE, object, false,
                        lastPaymentError(object));
                case "payment_intent.canceled" -> apply(event, PaymentKind.CHARGE, object, false, "canceled"
                        + text(object.path("cancellation_reason")).map(r -> ": " + r).orElse(""));
                case "refund.updated", "refund.failed" -> refund(event, object);
                default -> Result.IGNORED;
            };
        });
    }

    private Result refund(Event event, JsonNode refund) {
        String status = text(refund.path("status")).orElse("");
        Optional<UUID> operatorRefund = text(refund.path("id")).flatMap(repository::refundIdForStripeId)
                .or(() -> text(refund.path("metadata").path("refund_id")).flatMap(StripeWebhooks::uuid));
        if (operatorRefund.isPresent()) {
            // a refund an operator asked for (PaymentRefunds): its own row settles, the charge stays as it is
            PaymentRefund.Status settled = switch (status) {
                case "succeeded" -> PaymentRefund.Status.SUCCEEDED;
                case "failed", "canceled" -> PaymentRefund.Status.FAILED;
                default -> null;
            };
            return settled != null && repository.settleRefund(operatorRefund.get(), settled,
                    text(refund.path("id")).orElse(null), settled == PaymentRefund.Status.FAILED ? "refund " + status
                            + text(refund.path("failure_reason")).map(r -> ": " + r).orElse("") : null)
                    ? Result.APPLIED : Result.IGNORED;
        }
        return switch (status) {
            case "succeeded" -> apply(event, PaymentKind.REFUND, refund, true, null);
            case "failed", "canceled" -> apply(event, PaymentKind.REFUND, refund, false, "refund " + status
                    + text(refund.path("failure_reason")).map(r -> ": " + r).orElse(""));
            default -> Result.IGNORED;
        };
    }

    private Result apply(Event event, PaymentKind kind, JsonNode object, boolean succeeded, String reason) {
        String stripeId = text(object.path("id")).orElse(null);
        Optional<Payment> payment = find(kind, stripeId, object);
        if (payment.isEmpty()) {
            log.info("Stripe event {} ({}) for {}: no payment of ours", event.getId(), event.getType(), stripeId);
            return Result.IGNORED;
        }
        Payment p = payment.get();
        Optional<Payment> moved = succeeded ? transitions.succeed(p.id(), stripeId)
                : transitions.fail(p.id(), stripeId, reason);
        if (moved.isEmpty() && p.status().isFinal()
                && (p.status() == PaymentStatus.SUCCEEDED) != succeeded) {
            log.warn("Stripe event {} ({}) contradicts payment {}, recorded {}: left as it is, needs review",
                    event.getId(), event.getType(), p.id(), p.status());
        }
        return moved.isPresent() ? Result.APPLIED : Result.IGNORED;
    }

    /**
     * By the Stripe id we recorded; failing that by our payment id in the metadata, for an
     * object whose creation we never heard back about (connection lost, retries given up).
     */
    private Optional<Payment> find(PaymentKind kind, String stripeId, JsonNode object) {
        if (stripeId != null) {
            Optional<UUID> byStripeId = repository.idForStripeId(stripeId);
            if (byStripeId.isPresent()) {
                return repository.find(byStripeId.get()).filter(p -> p.kind() == kind);
            }
        }
        return text(object.path("metadata").path("payment_id")).flatMap(StripeWebhooks::uuid)
                .flatMap(repository::find)
                .filter(p -> p.kind() == kind && p.stripeId() == null);
    }

    private static String lastPaymentError(JsonNode intent) {
        JsonNode error = intent.path("last_payment_error");
        String code = text(error.path("decline_code")).or(() -> text(error.path("code"))).orElse("payment_failed");
        return code + text(error.path("message")).map(m -> ": " + m).orElse("");
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? Optional.of(node.asString()) : Optional.empty();
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
