package com.rollyy.emsp.connections;

import jakarta.servlet.http.HttpServletRequest;
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
import com.rollyy.emsp.ocpi.OcpiVersion;

/**
 * The credentials module, served to peers (the handshake when they initiate it), under every
 * version we offer: the version a peer registers (POST) or updates (PUT) on is the version the
 * connection then speaks, so a partner moves to a newer version by a PUT on that version's
 * credentials endpoint.
 */
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
                                       @Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        return OcpiResponse.success(handshake.acceptRegistration(caller, credentials, versionOf(request),
                sentRaw(request, caller)));
    }

    @PutMapping(OcpiPaths.CREDENTIALS)
    OcpiResponse<Credentials> update(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                                     @Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        return OcpiResponse.success(handshake.updateRegistration(caller, credentials, versionOf(request),
                sentRaw(request, caller)));
    }

    @DeleteMapping(OcpiPaths.CREDENTIALS)
    OcpiResponse<Void> unregister(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller) {
        handshake.unregisteredByPeer(caller);
        return OcpiResponse.success();
    }

    /** The peer authenticated with its token raw, not base64-encoded (a 2.1.1-era habit). */
    private static boolean sentRaw(HttpServletRequest request, OcpiCaller caller) {
        return com.rollyy.emsp.ocpi.AuthorizationHeader.sentRaw(
                request.getHeader(org.springframework.http.HttpHeaders.AUTHORIZATION), caller.presentedToken());
    }

    private static OcpiVersion versionOf(HttpServletRequest request) {
        return OcpiVersion.ofPath(OcpiPaths.of(request)).orElse(OcpiVersion.V2_2_1);
    }
}
