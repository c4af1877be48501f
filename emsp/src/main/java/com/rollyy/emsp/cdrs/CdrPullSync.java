package com.rollyy.emsp.cdrs;

import java.time.Duration;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.rollyy.emsp.ocpi.OcpiClient;
import com.rollyy.emsp.ocpi.OcpiObjects;
import com.rollyy.emsp.sync.ReceiverPull;
import com.rollyy.emsp.sync.SyncProperties;

/**
 * Pulls a CPO's CDRs (the fallback for lost pushes) through the same receiver as a POST: a CDR
 * we already hold, pushed or pulled before, changes nothing and is never paid twice.
 */
@Component
class CdrPullSync extends ReceiverPull<Cdr> {

    private final CdrReceiver receiver;

    CdrPullSync(OcpiClient client, OcpiObjects objects, CdrReceiver receiver, SyncProperties properties) {
        super(client, objects, properties, Cdr.class);
        this.receiver = receiver;
    }

    @Override
    public String module() {
        return "cdrs";
    }

    @Override
    protected Duration firstWindow(SyncProperties properties) {
        return properties.cdrsWindow();
    }

    @Override
    protected String id(Cdr cdr) {
        return cdr.id();
    }

    @Override
    protected String countryCode(Cdr cdr) {
        return cdr.countryCode();
    }

    @Override
    protected String partyId(Cdr cdr) {
        return cdr.partyId();
    }

    @Override
    protected boolean store(UUID connectionId, Cdr cdr) {
        return receiver.receive(connectionId, cdr);
    }
}
