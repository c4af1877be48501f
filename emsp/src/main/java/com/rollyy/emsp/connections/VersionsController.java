package com.rollyy.emsp.connections;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiPaths;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.PublicUrl;

/** The versions module: our version list and the 2.2.1 details, built from the mounted modules. */
@OcpiController
class VersionsController {

    private final PublicUrl publicUrl;
    private final List<OcpiModuleEndpoint> endpoints;

    VersionsController(PublicUrl publicUrl, List<OcpiModuleEndpoint> endpoints) {
        this.publicUrl = publicUrl;
        this.endpoints = endpoints;
    }

    @GetMapping(OcpiPaths.VERSIONS)
    OcpiResponse<List<VersionInfo.Version>> versions() {
        return OcpiResponse.success(List.of(
                new VersionInfo.Version(PeerDiscovery.VERSION, publicUrl.of(OcpiPaths.DETAILS))));
    }

    @GetMapping(OcpiPaths.DETAILS)
    OcpiResponse<VersionInfo.Details> details() {
        return OcpiResponse.success(new VersionInfo.Details(PeerDiscovery.VERSION, endpoints.stream()
                .map(e -> new VersionInfo.Endpoint(e.identifier(), e.role(), publicUrl.of(e.path())))
                .toList()));
    }

    @Configuration(proxyBeanMethods = false)
    static class Endpoints {

        /** d2 advises declaring SENDER for one's own credentials endpoint (the value carries no meaning). */
        @Bean
        OcpiModuleEndpoint credentialsEndpoint() {
            return new OcpiModuleEndpoint("credentials", InterfaceRole.SENDER, OcpiPaths.CREDENTIALS);
        }
    }
}
