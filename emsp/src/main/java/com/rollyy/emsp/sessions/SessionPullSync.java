package com.rollyy.emsp.sessions;

import java.time.Duration;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.ocpi.WriteResult;
import com.rollyy.emsp.sync.ReceiverPull;
import com.rollyy.emsp.sync.SyncProperties;

/** Pulls a CPO's Sessions (the spec requires date_from), each through the same rules as a PUT. */
@Component
class SessionPullSync extends ReceiverPull<Session> {

    private final SessionService sessions;

    SessionPullSync(OcpiClient client, OcpiObjects objects, SessionService sessions, SyncProperties properties) {
        super(client, objects, properties, Session.class);
        this.sessions = sessions;
    }

    @Override
    public String module() {
        return "sessions";
    }

    @Override
    protected Duration firstWindow(SyncProperties properties) {
        return properties.sessionsWindow();
    }

    @Override
    protected String id(Session session) {
        return session.id();
    }

    @Override
    protected String countryCode(Session session) {
        return session.countryCode();
    }

    @Override
    protected String partyId(Session session) {
        return session.partyId();
    }

    @Override
    protected boolean store(UUID connectionId, Session session) {
        return sessions.store(connectionId, session) != WriteResult.STALE;
    }
}
