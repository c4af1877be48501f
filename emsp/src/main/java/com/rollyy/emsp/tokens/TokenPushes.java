package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.ocpi.InterfaceRole;

/**
 * Schedules the push of a token change to every active CPO with a tokens RECEIVER, in the
 * caller's transaction: a push exists exactly when its change was committed.
 *
 * <p>One task per (connection, token, change): its id carries the token's {@code last_updated},
 * so every change gets its own task and none can be lost to a task that is running right now.
 * A task whose change has been overtaken by a newer one does nothing (see {@link TokenPusher}),
 * and the newest one pushes the token as it is then, not as it was when scheduled.
 */
@Component
class TokenPushes {

    static final TaskDescriptor<String> PUSH = TaskDescriptor.of("token-push", String.class);

    /** PUT the full token (new tokens) or PATCH its changeable fields (changes, revocation). */
    enum Method { PUT, PATCH }

    /** What a task instance stands for; its id is the text form. */
    record Job(UUID connectionId, Token.Type type, long lastUpdatedMillis, String uid) {

        String id() {
            return connectionId + "|" + type + "|" + lastUpdatedMillis + "|" + uid;
        }

        static Job parse(String id) {
            String[] parts = id.split("\\|", 4);
            return new Job(UUID.fromString(parts[0]), Token.Type.valueOf(parts[1]), Long.parseLong(parts[2]), parts[3]);
        }
    }

    private final Peers peers;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final TokenRepository repository;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    TokenPushes(Peers peers, ObjectProvider<SchedulerClient> scheduler, TokenRepository repository,
                org.springframework.transaction.support.TransactionTemplate tx) {
        this.peers = peers;
        this.scheduler = scheduler;
        this.repository = repository;
        this.tx = tx;
    }

    /**
     * A CPO that has just connected gets every valid token we hold by PUT, so its cache starts
     * complete instead of waiting for each token's next change (or its own pull).
     */
    @org.springframework.context.event.EventListener
    void on(com.rollyy.emsp.connections.ConnectionActivated activated) {
        var peer = peers.active(activated.connectionId()).orElse(null);
        if (peer == null || peer.endpoint("tokens", InterfaceRole.RECEIVER).isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            Instant now = Instant.now();
            for (StoredToken token : repository.allValid()) {
                var job = new Job(peer.connectionId(), token.type(), token.lastUpdated().toEpochMilli(), token.uid());
                scheduler.getObject().scheduleIfNotExists(PUSH.instance(job.id())
                        .data(Method.PUT.name() + "|" + now.toEpochMilli()).scheduledTo(now));
                repository.pushScheduled(job, Method.PUT, now);
            }
        });
    }

    /** The active connections a change would be pushed to now (those with a tokens RECEIVER). */
    java.util.List<java.util.UUID> targets() {
        return peers.allActive().stream().filter(p -> p.endpoint("tokens", InterfaceRole.RECEIVER).isPresent())
                .map(com.rollyy.emsp.connections.PeerLink::connectionId).toList();
    }

    /** @return how many connections the change will be pushed to */
    @Transactional(propagation = Propagation.MANDATORY)
    int schedule(StoredToken token, Method method) {
        int count = 0;
        Instant now = Instant.now();
        for (var peer : peers.allActive()) {
            if (peer.endpoint("tokens", InterfaceRole.RECEIVER).isEmpty()) {
                continue;
            }
            var job = new Job(peer.connectionId(), token.type(), token.lastUpdated().toEpochMilli(), token.uid());
            // data: the method and when the change happened, for the max-age rule
            scheduler.getObject().scheduleIfNotExists(PUSH.instance(job.id())
                    .data(method.name() + "|" + now.toEpochMilli()).scheduledTo(now));
            repository.pushScheduled(job, method, now);
            count++;
        }
        return count;
    }
}
