package com.rollyy.emsp.tokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.connections.PeerLink;
import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiClientException;
import com.rollyy.emsp.ocpi.OcpiResult;
import com.rollyy.emsp.ocpi.OcpiUrls;

/**
 * Delivers one scheduled push to one CPO's tokens RECEIVER:
 * {@code {cpo tokens}/{our cc}/{our pid}/{uid}?type=}. A change goes out as a PATCH of the fields
 * that can change (the spec's way to invalidate); a CPO that does not know the token (HTTP 404 or
 * a 2xxx) gets the full token by PUT instead. Any other failure is retried with exponential
 * backoff until {@link TokensProperties#pushMaxAge()}.
 */
@Service
class TokenPusher {

    private static final Logger log = LoggerFactory.getLogger(TokenPusher.class);

    private final TokenRepository repository;
    private final Peers peers;
    private final OcpiClient client;

    TokenPusher(TokenRepository repository, Peers peers, OcpiClient client, TokensProperties properties) {
        this.repository = repository;
        this.peers = peers;
        this.client = client.withReadTimeout(properties.pushTimeout());
    }

    void push(TokenPushes.Job job, TokenPushes.Method method) {
        var token = repository.find(TokenKey.of(job.uid(), job.type())).orElse(null);
        if (token == null || token.lastUpdated().toEpochMilli() > job.lastUpdatedMillis()) {
            // superseded: the newer change has its own task, which pushes the state as it is then
            repository.pushOutcome(job, TokenPush.Outcome.SUPERSEDED, false, null);
            return;
        }
        PeerLink peer = peers.active(job.connectionId()).orElse(null);
        String base = peer == null ? null : peer.endpoint("tokens", InterfaceRole.RECEIVER).orElse(null);
        if (base == null) {
            log.info("Token push to connection {} dropped: no longer active with a tokens RECEIVER", job.connectionId());
            repository.pushOutcome(job, TokenPush.Outcome.DROPPED, false, null);
            return;
        }
        // OCPI 2.1.1's token URLs have no type (mod_tokens.md §2.1): the uid alone names the token there
        String url = OcpiUrls.join(base, token.countryCode(), token.partyId(),
                URLEncoder.encode(token.uid(), StandardCharsets.UTF_8).replace("+", "%20"))
                + (peer.peer().ocpiVersion() == com.rollyy.emsp.ocpi.OcpiVersion.V2_1_1 ? "" : "?type=" + token.type());
        try {
            send(url, peer, token, method);
        } catch (RuntimeException e) {
            repository.pushOutcome(job, TokenPush.Outcome.RETRYING, true, describe(e));
            throw e;
        }
        repository.pushOutcome(job, TokenPush.Outcome.DELIVERED, true, null);
        // a newer change's task may have pushed while this (slower) push was under way and been
        // overtaken by it: the state as it is now goes out once more, so the CPO ends current
        var now = repository.find(TokenKey.of(job.uid(), job.type())).orElse(null);
        if (now != null && now.lastUpdated().isAfter(token.lastUpdated())) {
            send(url, peer, now, TokenPushes.Method.PATCH);
        }
    }

    private void send(String url, PeerLink peer, StoredToken token, TokenPushes.Method method) {
        if (method == TokenPushes.Method.PATCH && patched(url, peer, token)) {
            return;
        }
        client.send(HttpMethod.PUT, url, peer.peer().forModule("tokens"), token.toOcpi(), JsonNode.class).requireSuccess();
    }

    /** True when the CPO took the PATCH; false when it does not know the token, so it needs a PUT. */
    private boolean patched(String url, PeerLink peer, StoredToken token) {
        OcpiResult<JsonNode> result;
        try {
            result = client.send(HttpMethod.PATCH, url, peer.peer().forModule("tokens"), changeableFields(token), JsonNode.class);
        } catch (OcpiClientException e) {
            if (e.httpStatus() != null && e.httpStatus() == 404) {
                return false;
            }
            throw e;
        }
        if (result.isSuccess()) {
            return true;
        }
        if (result.httpStatus() == 404 || result.statusCode() >= 2000 && result.statusCode() < 3000) {
            return false;
        }
        result.requireSuccess();
        return true;
    }

    /** Everything the product API can change, so one PATCH brings the CPO up to date whatever changed. */
    private static Map<String, Object> changeableFields(StoredToken t) {
        var body = new LinkedHashMap<String, Object>();
        body.put("valid", t.valid());
        body.put("whitelist", t.whitelist());
        body.put("contract_id", t.contractId());
        putIfSet(body, "group_id", t.groupId());
        putIfSet(body, "visual_number", t.visualNumber());
        putIfSet(body, "language", t.language());
        putIfSet(body, "default_profile_type", t.defaultProfileType());
        putIfSet(body, "energy_contract", t.energyContract());
        body.put("last_updated", t.lastUpdated());
        return body;
    }

    private static void putIfSet(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }

    void giveUp(String id, Instant changedAt) {
        log.warn("Token push {} FAILED: still not delivered {} after the change; giving up", id,
                Duration.between(changedAt, Instant.now()));
        repository.pushOutcome(TokenPushes.Job.parse(id), TokenPush.Outcome.GAVE_UP, false, null);
    }

    /** What the token page shows of a failed attempt: short, never a token. */
    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Exponential backoff (base, doubled, capped) until the change is older than the max age. */
    record Backoff(TokensProperties properties, ObjectProvider<TokenPusher> pusher) implements FailureHandler<String> {
        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<String> operations) {
            var execution = complete.getExecution();
            Instant changedAt = changedAt((String) execution.taskInstance.getData());
            if (Instant.now().isAfter(changedAt.plus(properties.pushMaxAge()))) {
                pusher.getObject().giveUp(execution.taskInstance.getId(), changedAt);
                operations.remove();
                return;
            }
            int failures = Math.min(execution.consecutiveFailures, 30);
            long wait = Math.min(properties.pushBackoffCap().toMillis(),
                    properties.pushBackoff().toMillis() * (1L << Math.min(failures, 30)));
            operations.reschedule(complete, Instant.now().plusMillis(wait));
        }
    }

    static TokenPushes.Method method(String data) {
        return TokenPushes.Method.valueOf(data.substring(0, data.indexOf('|')));
    }

    static Instant changedAt(String data) {
        return Instant.ofEpochMilli(Long.parseLong(data.substring(data.indexOf('|') + 1)));
    }

    @Configuration(proxyBeanMethods = false)
    static class Task {
        @Bean
        OneTimeTask<String> tokenPushTask(ObjectProvider<TokenPusher> pusher, TokensProperties properties) {
            return Tasks.oneTime(TokenPushes.PUSH)
                    .onFailure(new Backoff(properties, pusher))
                    .execute((instance, context) -> pusher.getObject().push(TokenPushes.Job.parse(instance.getId()),
                            method(instance.getData())));
        }
    }
}
