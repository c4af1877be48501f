package com.rollyy.emsp.robotjobs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.rollyy.emsp.chargingprofiles.RobotSession;
import com.rollyy.emsp.chargingprofiles.RobotSessionLookup;

/** The public read side of robot sessions, for other packages. */
@Service
public class RobotSessions implements com.rollyy.emsp.tariffs.SessionLinks, com.rollyy.emsp.sessions.RobotLinks,
        RobotSessionLookup {

    private final JobSessionRepository sessions;
    private final RobotJobRepository jobs;

    RobotSessions(JobSessionRepository sessions, RobotJobRepository jobs) {
        this.sessions = sessions;
        this.jobs = jobs;
    }

    @Override
    public Lookup find(String sessionIdOrOcpiId) {
        if (sessionIdOrOcpiId == null || sessionIdOrOcpiId.isBlank()) {
            return new Lookup(Optional.empty(), false);
        }
        var own = sessions.find(sessionIdOrOcpiId.strip().toLowerCase(java.util.Locale.ROOT), false);
        if (own.isPresent()) {
            return new Lookup(own.map(this::view), false);
        }
        List<JobSession> matches = sessions.byOcpiSessionId(sessionIdOrOcpiId.strip());
        if (matches.size() == 1) {
            return new Lookup(Optional.of(view(matches.get(0))), false);
        }
        List<JobSession> live = matches.stream().filter(js -> js.status().isLive()).toList();
        if (live.size() == 1) {
            return new Lookup(Optional.of(view(live.get(0))), false);
        }
        return new Lookup(Optional.empty(), matches.size() > 1);
    }

    @Override
    public Optional<RobotSession> byOcpiSessionId(UUID connectionId, String ocpiSessionId,
                                                  com.rollyy.emsp.ocpi.OcpiParty party) {
        return sessions.byOcpiSessionId(ocpiSessionId).stream()
                .filter(js -> js.connectionId().equals(connectionId))
                .filter(js -> party == null || (js.ocpiSession() != null
                        && party.is(js.ocpiSession().countryCode(), js.ocpiSession().partyId())))
                .findFirst().map(this::view);
    }

    @Override
    public Optional<Linked> byReference(String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            return Optional.empty();
        }
        return sessions.find(sessionId.strip().toLowerCase(java.util.Locale.ROOT), false)
                .map(js -> new Linked(js.id(), js.ocpiSessionId(), js.connectionId(), js.cpoCountryCode(),
                        js.cpoPartyId(), js.cdr(), sessions.tariffIdsAtStart(js.id())));
    }

    @Override
    public Optional<String> referenceOfCdr(com.rollyy.emsp.ocpi.ObjectKey cdr) {
        return sessions.byCdr(cdr).map(JobSession::id);
    }

    private RobotSession view(JobSession js) {
        String fleet = jobs.find(js.robotJobId(), false).map(RobotJob::fleetId)
                .filter(f -> !f.isBlank()).map(String::strip).orElse(RobotSession.DEFAULT_FLEET);
        return new RobotSession(js.id(), js.ocpiSessionId(), js.connectionId(), js.robotJobId(), fleet,
                js.status().value(), js.status().isLive(),
                js.assetId(), js.locationId(), js.evseUid(), js.cpoCountryCode(), js.cpoPartyId());
    }

    @Override
    public Optional<Link> link(String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            return Optional.empty();
        }
        return sessions.find(sessionId.strip().toLowerCase(java.util.Locale.ROOT), false).map(RobotSessions::link);
    }

    @Override
    public List<Link> linksOfJob(UUID robotJobId) {
        return sessions.forJob(robotJobId).stream().map(RobotSessions::link).toList();
    }

    @Override
    public java.util.Map<com.rollyy.emsp.ocpi.ObjectKey, Link> linksByCdr(
            java.util.Collection<com.rollyy.emsp.ocpi.ObjectKey> cdrs) {
        var links = new java.util.HashMap<com.rollyy.emsp.ocpi.ObjectKey, Link>();
        sessions.byCdrs(cdrs).forEach(js -> links.put(js.cdr(), link(js)));
        return links;
    }

    @Override
    public java.util.Map<com.rollyy.emsp.ocpi.ObjectKey, Link> linksByOcpiSession(
            java.util.Collection<com.rollyy.emsp.ocpi.ObjectKey> ocpiSessions) {
        var links = new java.util.HashMap<com.rollyy.emsp.ocpi.ObjectKey, Link>();
        sessions.byOcpiSessions(ocpiSessions).forEach(js -> links.put(js.ocpiSession(), link(js)));
        return links;
    }

    private static Link link(JobSession js) {
        return new Link(js.id(), js.robotJobId(), js.ocpiSession(), js.cdr());
    }

}
