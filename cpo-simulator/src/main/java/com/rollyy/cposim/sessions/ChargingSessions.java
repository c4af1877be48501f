package com.rollyy.cposim.sessions;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rollyy.cposim.SessionUpdates;
import com.rollyy.cposim.SimulatorException;
import com.rollyy.cposim.SimulatorKnobs;
import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.EmspPusher;
import com.rollyy.cposim.locations.ChargingSite;
import com.rollyy.cposim.locations.Dataset;
import com.rollyy.cposim.ocpi.Decimals;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.SimResponse;
import com.rollyy.cposim.ocpi.Timestamps;

/**
 * The CPO's side of a charging cycle: sessions started by StartSession (or out of band), their
 * updates, their end, their CDRs, and every message these send to the eMSP. All in memory and
 * safe for many concurrent sessions; each session's messages leave in order on its own lane.
 *
 * <p>Outbound messages are not retried when they fail (OCPI: the receiver resyncs by pulling);
 * each attempt is kept in {@link #pushes()}.
 */
public final class ChargingSessions {

    private static final Logger LOG = LoggerFactory.getLogger(ChargingSessions.class);
    private static final int MAX_PUSHES_KEPT = 10_000;

    /** A StartSession to carry out. */
    public record StartOrder(String responseUrl, CdrToken token, String authorizationReference, ChargingSite site) {
    }

    /** A CDR as made; the eMSP's Location header is filled in by its answers. */
    private static final class StoredCdr {
        final String id;
        final String sessionId;
        final Map<String, Object> json;
        final String body;
        final Instant lastUpdated;
        volatile String emspLocation;

        StoredCdr(String id, String sessionId, Map<String, Object> json, Instant lastUpdated) {
            this.id = id;
            this.sessionId = sessionId;
            this.json = json;
            this.body = Json.write(json);
            this.lastUpdated = lastUpdated;
        }

        @SuppressWarnings("unchecked")
        CdrSnapshot snapshot() {
            Map<String, Object> total = (Map<String, Object>) json.get("total_cost");
            return new CdrSnapshot(id, sessionId, (BigDecimal) total.get("excl_vat"), (BigDecimal) total.get("incl_vat"),
                    lastUpdated, body, emspLocation);
        }
    }

    private final Dataset dataset;
    private final SimulatorKnobs knobs;
    private final EmspPusher pusher;
    private final CpoIdentity identity;
    private final PushScheduler scheduler;
    private final Clock clock;
    private final ConcurrentMap<String, ChargingSession> sessions = new ConcurrentHashMap<>();
    /** Sessions not ended yet, by authorization_reference (a repeated StartSession starts no second one); guarded by itself. */
    private final Map<String, ChargingSession> running = new HashMap<>();
    private final ConcurrentMap<String, StoredCdr> cdrs = new ConcurrentHashMap<>();
    private final AtomicLong sessionNumbers = new AtomicLong();
    private final AtomicLong cdrNumbers = new AtomicLong();
    private final Deque<OutboundPush> pushes = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pushCount = new AtomicInteger();

    public ChargingSessions(Dataset dataset, SimulatorKnobs knobs, EmspPusher pusher, CpoIdentity identity,
                     PushScheduler scheduler, Clock clock) {
        this.dataset = dataset;
        this.knobs = knobs;
        this.pusher = pusher;
        this.identity = identity;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public Dataset dataset() {
        return dataset;
    }

    // ---- after a command ------------------------------------------------------------------------

    /**
     * After an ACCEPTED StartSession: {@code delayMillis} later, post {@code result} (unless null),
     * then start the session (if {@code start}).
     */
    public void startAfterCommand(StartOrder order, String result, long delayMillis, boolean start) {
        PushScheduler.Lane lane = scheduler.newLane();
        lane.runAfter(delayMillis, () -> {
            if (result != null) {
                postResult(order.responseUrl(), "START_SESSION", result);
            }
            if (start) {
                begin(order, "COMMAND", lane, true);
            }
        });
    }

    /** After an ACCEPTED StopSession: likewise, then end the session (if {@code stop}). */
    public void stopAfterCommand(ChargingSession session, String responseUrl, String result, long delayMillis, boolean stop) {
        session.lane.runAfter(delayMillis, () -> {
            if (result != null) {
                postResult(responseUrl, "STOP_SESSION", result);
            }
            if (stop) {
                end(session);
            }
        });
    }

    public Optional<ChargingSession> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(sessions.get(key(sessionId)));
    }

    private static String key(String ciString) {
        return ciString.toUpperCase(Locale.ROOT);
    }

    // ---- the cycle (always on the session's lane) ------------------------------------------------

    private ChargingSession begin(StartOrder order, String authMethod, PushScheduler.Lane lane, boolean push) {
        Instant now = Timestamps.now(clock);
        String reference = order.authorizationReference();
        ChargingSession session;
        synchronized (running) {
            ChargingSession earlier = reference == null ? null : running.get(key(reference));
            if (earlier != null) {
                LOG.info("StartSession repeated for a running session ({}): no second session", earlier.id);
                return earlier;
            }
            session = new ChargingSession(sessionNumbers.incrementAndGet(), identity, order.token(), authMethod,
                    reference, order.site(), knobs.startStatus(), now, lane);
            if (reference != null) {
                running.put(key(reference), session);
            }
            sessions.put(key(session.id), session);
        }
        if (push) {
            putSession(session);
        }
        if (knobs.autoCycle()) {
            scheduleAutoCycle(session);
        }
        return session;
    }

    private void end(ChargingSession session) {
        if (!session.complete(Timestamps.now(clock))) {
            return;
        }
        if (session.authorizationReference != null) {
            synchronized (running) {
                running.remove(key(session.authorizationReference), session);
            }
        }
        putSession(session);
        if (knobs.sendCdrOnStop()) {
            StoredCdr cdr = makeCdr(session);
            postCdr(cdr);
            if (knobs.duplicateCdr()) {
                postCdr(cdr);
            }
        }
    }

    private void update(ChargingSession session, ChargingSession.Update update) {
        if (knobs.sessionUpdates() == SessionUpdates.PUT_ONLY) {
            putSession(session);
        } else if (knobs.pushSessions()) {
            String body = Json.write(session.patchJson(update, knobs.sendLiveCost()));
            send("SESSION_PATCH", "PATCH", "sessions", ownerPath(session.id), session.id, body);
        }
    }

    private void scheduleAutoCycle(ChargingSession session) {
        long interval = knobs.updateIntervalMillis();
        int updates = knobs.autoUpdates();
        if (knobs.autoStopAfterMillis() > 0) {
            session.lane.runAfter(knobs.autoStopAfterMillis(), () -> end(session));
        }
        if (updates != 0) {
            nextAutoStep(session, 1, updates, interval);
        }
    }

    /**
     * A session that charges until it ends is waiting, not working, between its updates: those
     * waits do not keep {@link PushScheduler#awaitIdle} from returning (like a session waiting for
     * its STOP). A counted series of updates is work in progress until its last one.
     */
    private void nextAutoStep(ChargingSession session, int step, int updates, long interval) {
        Runnable next = () -> autoStep(session, step, updates, interval);
        if (updates == SimulatorKnobs.UNTIL_THE_SESSION_ENDS) {
            session.lane.runAfterWhileIdle(interval, next);
        } else {
            session.lane.runAfter(interval, next);
        }
    }

    /** One scripted update: power x the real time since the last one, so the session keeps pace with the wall clock. */
    private void autoStep(ChargingSession session, int step, int updates, long interval) {
        if (session.isCompleted()) {
            return;
        }
        Instant now = Timestamps.now(clock);
        if (session.isPending()) {
            // going ACTIVE is an update of its own; the charging follows
            session.activate(now);
            update(session, new ChargingSession.Update(true, List.of()));
            nextAutoStep(session, step, updates, interval);
            return;
        }
        Duration elapsed = Duration.between(session.chargedUntil(), now);
        if (!elapsed.isNegative() && !elapsed.isZero()) {
            BigDecimal kwh = knobs.autoPowerKw().multiply(Decimals.hours(elapsed));
            update(session, session.advance(kwh, elapsed, now));
        }
        // else advanceSession has charged the session ahead of the wall clock: nothing to report yet
        if (updates == SimulatorKnobs.UNTIL_THE_SESSION_ENDS || step < updates) {
            nextAutoStep(session, step + 1, updates, interval);
        }
    }

    private StoredCdr makeCdr(ChargingSession session) {
        Instant now = Timestamps.now(clock);
        String id = "SIM-C-" + cdrNumbers.incrementAndGet();
        StoredCdr cdr = new StoredCdr(id, session.id,
                CdrFactory.cdr(identity, id, session.ended(), knobs.cdrCostFactor(), now), now);
        cdrs.put(key(id), cdr);
        session.cdrMade(id);
        return cdr;
    }

    // ---- outbound ---------------------------------------------------------------------------------

    private void putSession(ChargingSession session) {
        if (knobs.pushSessions()) {
            send("SESSION_PUT", "PUT", "sessions", ownerPath(session.id), session.id,
                    Json.write(session.json(knobs.sendLiveCost())));
        }
    }

    private SimResponse postCdr(StoredCdr cdr) {
        SimResponse response = send("CDR_POST", "POST", "cdrs", "", cdr.id, cdr.body);
        if (response != null && response.header("Location") != null) {
            cdr.emspLocation = response.header("Location");
        }
        return response;
    }

    private void postResult(String responseUrl, String command, String result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("result", result);
        if (!"ACCEPTED".equals(result)) {
            body.put("message", List.of(Map.of("language", "en", "text", "Simulated " + command + " result: " + result)));
        }
        record("COMMAND_RESULT", "POST", responseUrl, command, Json.write(body));
    }

    /** Sends to the eMSP's {@code module} RECEIVER; a missing registration or endpoint is recorded, not thrown. */
    private SimResponse send(String what, String method, String module, String path, String objectId, String body) {
        Optional<String> moduleUrl = pusher.receiverUrl(module);
        if (moduleUrl.isEmpty()) {
            keep(new OutboundPush(what, method, null, objectId, SimulatorException.NO_HTTP_RESPONSE, null,
                    "not registered, or the eMSP has no " + module + " RECEIVER endpoint", Timestamps.now(clock)));
            LOG.warn("{} of {} not sent: no {} RECEIVER endpoint", what, objectId, module);
            return null;
        }
        return record(what, method, OcpiPaths.join(moduleUrl.get(), path), objectId, body);
    }

    private SimResponse record(String what, String method, String url, String objectId, String body) {
        Instant sentAt = Timestamps.now(clock);
        try {
            SimResponse response = pusher.sendTo(method, url, body);
            keep(new OutboundPush(what, method, url, objectId, response.status(), response.ocpiStatusCode(), null, sentAt));
            return response;
        } catch (SimulatorException e) {
            keep(new OutboundPush(what, method, url, objectId, e.httpStatus(), e.ocpiStatusCode(), e.getMessage(), sentAt));
            LOG.warn("{} of {} failed: {}", what, objectId, e.getMessage());
            return null;
        }
    }

    private void keep(OutboundPush push) {
        pushes.addLast(push);
        if (pushCount.incrementAndGet() > MAX_PUSHES_KEPT && pushes.pollFirst() != null) {
            pushCount.decrementAndGet();
        }
    }

    private String ownerPath(String objectId) {
        return identity.countryCode() + "/" + identity.partyId() + "/" + objectId;
    }

    // ---- the Java API -----------------------------------------------------------------------------

    public SessionSnapshot startWithoutCommand(CdrToken token, String authMethod, String authorizationReference,
                                        String locationId, String evseUid, String connectorId) {
        ChargingSite site;
        try {
            site = ChargingSite.resolve(dataset, locationId, evseUid, connectorId);
        } catch (ChargingSite.Refusal e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        PushScheduler.Lane lane = scheduler.newLane();
        StartOrder order = new StartOrder(null, token, authorizationReference, site);
        return lane.call(() -> begin(order, authMethod, lane, false).snapshot(knobs.sendLiveCost()));
    }

    public SessionSnapshot advance(String sessionId, BigDecimal kwhDelta, Duration elapsed) {
        ChargingSession session = require(sessionId);
        return session.lane.call(() -> {
            update(session, session.advance(kwhDelta, elapsed, Timestamps.now(clock)));
            return session.snapshot(knobs.sendLiveCost());
        });
    }

    public SessionSnapshot stop(String sessionId) {
        ChargingSession session = require(sessionId);
        return session.lane.call(() -> {
            end(session);
            return session.snapshot(knobs.sendLiveCost());
        });
    }

    /** POSTs the session's CDR, making it first if the session ended without one. */
    public SimResponse sendCdr(String sessionId) throws SimulatorException {
        ChargingSession session = require(sessionId);
        StoredCdr cdr = session.lane.call(() -> {
            if (!session.isCompleted()) {
                throw new IllegalStateException("session " + session.id + " has not ended");
            }
            return session.cdrId() != null ? cdrs.get(key(session.cdrId())) : makeCdr(session);
        });
        return post(cdr);
    }

    public SimResponse resendCdr(String cdrId) throws SimulatorException {
        StoredCdr cdr = cdrId == null ? null : cdrs.get(key(cdrId));
        if (cdr == null) {
            throw new IllegalArgumentException("unknown CDR: " + cdrId);
        }
        return post(cdr);
    }

    /** An explicit send: like the push methods, failures are thrown rather than only recorded. */
    private SimResponse post(StoredCdr cdr) throws SimulatorException {
        String url = pusher.receiverUrl("cdrs")
                .orElseThrow(() -> SimulatorException.local("not registered, or the eMSP has no cdrs RECEIVER endpoint"));
        Instant sentAt = Timestamps.now(clock);
        try {
            SimResponse response = pusher.sendTo("POST", url, cdr.body);
            keep(new OutboundPush("CDR_POST", "POST", url, cdr.id, response.status(), response.ocpiStatusCode(), null,
                    sentAt));
            if (response.header("Location") != null) {
                cdr.emspLocation = response.header("Location");
            }
            return response;
        } catch (SimulatorException e) {
            keep(new OutboundPush("CDR_POST", "POST", url, cdr.id, e.httpStatus(), e.ocpiStatusCode(), e.getMessage(),
                    sentAt));
            throw e;
        }
    }

    private ChargingSession require(String sessionId) {
        return find(sessionId).orElseThrow(() -> new IllegalArgumentException("unknown session: " + sessionId));
    }

    // ---- reading ------------------------------------------------------------------------------------

    public List<SessionSnapshot> sessions() {
        return sessions.values().stream().sorted(Comparator.comparingLong(s -> s.number))
                .map(s -> s.snapshot(knobs.sendLiveCost())).toList();
    }

    public Optional<SessionSnapshot> session(String sessionId) {
        return find(sessionId).map(s -> s.snapshot(knobs.sendLiveCost()));
    }

    public List<CdrSnapshot> cdrs() {
        return cdrs.values().stream().sorted(Comparator.comparing((StoredCdr c) -> c.lastUpdated)
                .thenComparing(c -> Long.parseLong(c.id.substring("SIM-C-".length()))))
                .map(StoredCdr::snapshot).toList();
    }

    public List<OutboundPush> pushes() {
        return List.copyOf(pushes);
    }

    /**
     * Sessions as the Sender interface serves them: with last_updated in [from, to), oldest first.
     * Each is rendered only when asked, so a page costs its own size, not the list's.
     */
    List<Supplier<Map<String, Object>>> sessionsUpdated(Instant from, Instant to) {
        record Listed(Instant lastUpdated, ChargingSession session) {
        }
        List<Listed> listed = new ArrayList<>();
        for (ChargingSession session : sessions.values()) {
            Instant lastUpdated = session.lastUpdated();
            if (within(lastUpdated, from, to)) {
                listed.add(new Listed(lastUpdated, session));
            }
        }
        listed.sort(Comparator.comparing(Listed::lastUpdated).thenComparingLong(item -> item.session().number));
        List<Supplier<Map<String, Object>>> result = new ArrayList<>(listed.size());
        for (Listed item : listed) {
            result.add(() -> item.session().json(knobs.sendLiveCost()));
        }
        return result;
    }

    /** CDRs as the Sender interface serves them: created in [from, to), oldest first. */
    List<Supplier<Map<String, Object>>> cdrsCreated(Instant from, Instant to) {
        return cdrs.values().stream()
                .filter(cdr -> within(cdr.lastUpdated, from, to))
                .sorted(Comparator.comparing((StoredCdr c) -> c.lastUpdated)
                        .thenComparing(c -> Long.parseLong(c.id.substring("SIM-C-".length()))))
                .<Supplier<Map<String, Object>>>map(cdr -> () -> cdr.json).toList();
    }

    private static boolean within(Instant time, Instant from, Instant to) {
        return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
    }
}
