package com.rollyy.emsp.chargingprofiles;

import jakarta.validation.Valid;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiCaller;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiIds;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiResponse;

/**
 * Our ChargingProfiles SENDER interface (OCPI token auth): the results the CPO posts to our
 * response_urls, and its PUT of a session's ActiveChargingProfile. Both answer the envelope
 * without data, as the spec asks.
 */
@OcpiController
class ChargingProfilesReceiver {

    private final ChargingProfileService service;

    ChargingProfilesReceiver(ChargingProfileService service) {
        this.service = service;
    }

    @PostMapping(ChargingProfileService.RESULTS + "/{requestId}")
    OcpiResponse<Void> result(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                              @PathVariable String requestId, @Valid @RequestBody ProfileResult result) {
        service.receiveResult(caller, requestId, result);
        return OcpiResponse.success(null);
    }

    @PutMapping(ChargingProfileService.BASE + "/{sessionId}")
    OcpiResponse<Void> active(@RequestAttribute(OcpiCaller.ATTRIBUTE) OcpiCaller caller,
                              @PathVariable String sessionId, @Valid @RequestBody ActiveChargingProfile profile) {
        service.receiveActive(caller, OcpiIds.requireSegment("session_id", sessionId, 36), profile);
        return OcpiResponse.success(null);
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {
        @Bean
        OcpiModuleEndpoint chargingProfilesEndpoint() {
            return new OcpiModuleEndpoint("chargingprofiles", InterfaceRole.SENDER, ChargingProfileService.BASE);
        }
    }
}
