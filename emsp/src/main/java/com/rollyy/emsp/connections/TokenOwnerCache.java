package com.rollyy.emsp.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps what a token resolved to for a few seconds, so a burst of pushes from one CPO does not
 * query the database for every request. Any change to connections or tokens empties it at once
 * (and again after the change commits), so in this process a revoked token stops working
 * immediately; another instance of the service notices within {@link #TTL}.
 */
@Component
class TokenOwnerCache {

    static final Duration TTL = Duration.ofSeconds(10);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(ConnectionRepository.TokenOwner owner, Instant until) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Optional<ConnectionRepository.TokenOwner> get(String tokenHash,
                                                  Supplier<Optional<ConnectionRepository.TokenOwner>> load) {
        Instant now = Instant.now();
        Entry entry = entries.get(tokenHash);
        if (entry != null && now.isBefore(entry.until())) {
            return Optional.of(entry.owner());
        }
        Optional<ConnectionRepository.TokenOwner> owner = load.get();
        if (owner.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            Instant until = now.plus(TTL);
            Instant expires = owner.get().expiresAt();
            entries.put(tokenHash, new Entry(owner.get(), expires != null && expires.isBefore(until) ? expires : until));
        } else {
            entries.remove(tokenHash);
        }
        return owner;
    }

    /** Connections or tokens changed: forget everything now, and again once the change is committed. */
    void invalidate() {
        entries.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    entries.clear();
                }
            });
        }
    }
}
