package com.rollyy.emsp.connections;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;

import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiPaths;
import com.rollyy.emsp.ocpi.OcpiResponse;

/** The credentials module, served to peers (the handshake when they initiate it). */
@OcpiController
class CredentialsController {

    private final HandshakeService handshake;

    CredentialsController(HandshakeService handshake) {
        this.handshake = handshake;
    }

    @GetMapping(OcpiPaths.CREDENTIALS)
    OcpiResponse<Credentials> get(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller) {
        return OcpiResponse.success(handshake.currentCredentials(caller));
    }

    @PostMapping(OcpiPaths.CREDENTIALS)
    OcpiResponse<Credentials> register(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                       @Valid @RequestBody Credentials credentials) {
        return OcpiResponse.success(handshake.acceptRegistration(caller, credentials));
    }

    @PutMapping(OcpiPaths.CREDENTIALS)
    OcpiResponse<Credentials> update(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                     @Valid @RequestBody Credentials credentials) {
        return OcpiResponse.success(handshake.updateRegistration(caller, credentials));
    }

    @DeleteMapping(OcpiPaths.CREDENTIALS)
    OcpiResponse<Void> unregister(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller) {
        handshake.unregisteredByPeer(caller);
        return OcpiResponse.success();
    }
}
