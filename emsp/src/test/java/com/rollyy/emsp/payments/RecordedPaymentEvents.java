package com.rollyy.emsp.payments;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Every payment event published, and whether a transaction was open when it was. */
@Component
class RecordedPaymentEvents {

    record Recorded(Object event, boolean inTransaction) {
    }

    private final List<Recorded> events = new CopyOnWriteArrayList<>();

    @EventListener
    void succeeded(PaymentSucceeded event) {
        record(event);
    }

    @EventListener
    void failed(PaymentFailed event) {
        record(event);
    }

    private void record(Object event) {
        events.add(new Recorded(event, TransactionSynchronizationManager.isActualTransactionActive()));
    }

    List<Recorded> all() {
        return List.copyOf(events);
    }

    <T> List<T> of(Class<T> type) {
        return events.stream().map(Recorded::event).filter(type::isInstance).map(type::cast).toList();
    }

    void clear() {
        events.clear();
    }
}
