package com.rollyy.emsp.tariffs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.cdrs.CdrService;
import com.rollyy.emsp.cdrs.StoredCdr;
import com.rollyy.emsp.ocpi.ObjectKey;

/**
 * Finds the CDR a reconciliation is asked for: by our session id (what START_SESSION returned),
 * by the CPO's session id, or by the CDR's id. The CPO's ids are unique per CPO party only, so
 * when two CPOs use one, the caller must say which ({@code connection_id}, or the party); we
 * never pick one of them silently.
 */
@Component
class CdrLookup {

    /** The CDR, the connection it came over (null when unknown) and our session id if it is one of ours. */
    record Target(StoredCdr cdr, UUID connectionId, String ourSessionId) {
    }

    /** What narrows a CPO id down to one CPO; every part optional. */
    record Narrowing(UUID connectionId, String countryCode, String partyId) {

        static final Narrowing NONE = new Narrowing(null, null, null);

        boolean admits(UUID connection, String cc, String pid) {
            return (connectionId == null || connectionId.equals(connection))
                    && (countryCode == null || countryCode.equalsIgnoreCase(cc))
                    && (partyId == null || partyId.equalsIgnoreCase(pid));
        }

        boolean any() {
            return connectionId != null || countryCode != null || partyId != null;
        }

        @Override
        public String toString() {
            var parts = new ArrayList<String>();
            if (connectionId != null) {
                parts.add("connection_id " + connectionId);
            }
            if (countryCode != null) {
                parts.add("country_code " + countryCode);
            }
            if (partyId != null) {
                parts.add("party_id " + partyId);
            }
            return String.join(", ", parts);
        }
    }

    /** One CPO's CDR that an id could mean. */
    record Candidate(UUID connectionId, String countryCode, String partyId, String cdrId, String sessionId) {
    }

    /** 409: the id is used by more than one CPO; {@code candidates} says by whom. */
    static final class Ambiguous extends ApiException {
        private final transient List<Candidate> candidates;

        Ambiguous(String code, String message, List<Candidate> candidates) {
            super(HttpStatus.CONFLICT, code, message);
            this.candidates = List.copyOf(candidates);
        }

        List<Candidate> candidates() {
            return candidates;
        }
    }

    private final CdrService cdrs;
    private final SessionLinks robotSessions;

    CdrLookup(CdrService cdrs, SessionLinks robotSessions) {
        this.cdrs = cdrs;
        this.robotSessions = robotSessions;
    }

    /** Our session id first (unique by construction), else the CPO's session id. */
    Target bySessionId(String sessionId, Narrowing narrowing) {
        Optional<SessionLinks.Linked> ours = robotSessions.byReference(sessionId)
                .filter(s -> narrowing.admits(s.connectionId(), s.cpoCountryCode(), s.cpoPartyId()));
        if (ours.isPresent()) {
            SessionLinks.Linked session = ours.get();
            Optional<StoredCdr> linked = Optional.ofNullable(session.cdr()).flatMap(cdrs::find);
            if (linked.isEmpty() && session.ocpiSessionId() != null) {
                linked = cdrs.bySessionId(session.ocpiSessionId()).stream()
                        .filter(f -> Objects.equals(f.connectionId(), session.connectionId()))
                        .filter(f -> f.cdr().countryCode().equalsIgnoreCase(session.cpoCountryCode())
                                && f.cdr().partyId().equalsIgnoreCase(session.cpoPartyId()))
                        .map(CdrService.Found::cdr).findFirst();
            }
            StoredCdr cdr = linked.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "no_cdr",
                    "No CDR is stored for session " + sessionId + " (yet)"
                    + (session.ocpiSessionId() == null ? "" : "; the CPO's session id is " + session.ocpiSessionId())));
            return new Target(cdr, session.connectionId(), session.sessionId());
        }
        List<CdrService.Found> found = cdrs.bySessionId(sessionId).stream()
                .filter(f -> narrowing.admits(f.connectionId(), f.cdr().countryCode(), f.cdr().partyId())).toList();
        List<CdrService.Found> perCpo = newestPerCpo(found);
        if (perCpo.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no_cdr", "No CDR is stored for session " + sessionId
                    + (narrowing.any() ? " with " + narrowing : "") + " (yet)");
        }
        if (perCpo.size() > 1) {
            throw ambiguous("ambiguous_session_id", "Session id " + sessionId, perCpo, narrowing);
        }
        return target(perCpo.get(0));
    }

    Target byCdrId(String cdrId, Narrowing narrowing) {
        List<CdrService.Found> perCpo = newestPerCpo(cdrs.byId(cdrId).stream()
                .filter(f -> narrowing.admits(f.connectionId(), f.cdr().countryCode(), f.cdr().partyId())).toList());
        if (perCpo.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no_cdr", "No CDR " + cdrId + " is stored"
                    + (narrowing.any() ? " with " + narrowing : ""));
        }
        if (perCpo.size() > 1) {
            throw ambiguous("ambiguous_cdr_id", "CDR id " + cdrId, perCpo, narrowing);
        }
        StoredCdr cdr = perCpo.get(0).cdr();
        if (Boolean.TRUE.equals(cdr.credit())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "credit_cdr", "CDR " + cdrId
                    + " is a credit CDR: it reverses another CDR and is not priced by a tariff");
        }
        return target(perCpo.get(0));
    }

    /** Our session id of a CDR, when the CDR is linked to one of our robot sessions. */
    Optional<String> ourSessionOf(StoredCdr cdr) {
        return robotSessions.referenceOfCdr(new ObjectKey(cdr.countryCode(), cdr.partyId(), cdr.id()));
    }

    private Target target(CdrService.Found found) {
        return new Target(found.cdr(), found.connectionId(), ourSessionOf(found.cdr()).orElse(null));
    }

    /** One per CPO (connection and party), the newest first: a CPO may have resent a session's CDR. */
    private static List<CdrService.Found> newestPerCpo(List<CdrService.Found> newestFirst) {
        Map<List<Object>, CdrService.Found> perCpo = new LinkedHashMap<>();
        for (CdrService.Found f : newestFirst) {
            perCpo.putIfAbsent(java.util.Arrays.asList(f.connectionId(), f.cdr().countryCode().toUpperCase(
                    java.util.Locale.ROOT), f.cdr().partyId().toUpperCase(java.util.Locale.ROOT)), f);
        }
        return new ArrayList<>(perCpo.values());
    }

    private static Ambiguous ambiguous(String code, String what, List<CdrService.Found> perCpo, Narrowing narrowing) {
        List<Candidate> candidates = perCpo.stream().map(f -> new Candidate(f.connectionId(), f.cdr().countryCode(),
                f.cdr().partyId(), f.cdr().id(), f.cdr().sessionId())).toList();
        boolean sameConnection = candidates.stream().map(Candidate::connectionId).distinct().count() == 1;
        String names = String.join("; ", candidates.stream().map(c -> c.countryCode() + "/" + c.partyId()
                + " on connection " + c.connectionId() + " (CDR " + c.cdrId() + ")").toList());
        return new Ambiguous(code, what + " is used by " + candidates.size() + " CPOs" + (narrowing.any()
                ? " with " + narrowing : "") + ": " + names + ". Name one with "
                + (sameConnection ? "country_code and party_id" : "connection_id"), candidates);
    }
}
