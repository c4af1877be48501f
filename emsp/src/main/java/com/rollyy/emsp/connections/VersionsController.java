package com.rollyy.emsp.connections;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;

import com.rollyy.emsp.ocpi.InterfaceRole;
import com.rollyy.emsp.ocpi.OcpiController;
import com.rollyy.emsp.ocpi.OcpiModuleEndpoint;
import com.rollyy.emsp.ocpi.OcpiPaths;
import com.rollyy.emsp.ocpi.OcpiResponse;
import com.rollyy.emsp.ocpi.OcpiVersion;
import com.rollyy.emsp.ocpi.OcpiWires;
import com.rollyy.emsp.ocpi.PublicUrl;

/**
 * The versions module: our version list (rollyy.ocpi.versions) and each version's details, built
 * from the mounted modules: a version lists only the modules it has and we translate for it
 * (mounted under its prefix by ocpi.OcpiVersionEdge).
 */
@OcpiController
class VersionsController {

    private final PublicUrl publicUrl;
    private final List<OcpiModuleEndpoint> endpoints;
    private final OcpiWires wires;

    VersionsController(PublicUrl publicUrl, List<OcpiModuleEndpoint> endpoints, OcpiWires wires) {
        this.publicUrl = publicUrl;
        this.endpoints = endpoints;
        this.wires = wires;
    }

    @GetMapping(OcpiPaths.VERSIONS)
    OcpiResponse<List<VersionInfo.Version>> versions() {
        return OcpiResponse.success(wires.offered().stream()
                .map(v -> new VersionInfo.Version(v.value(), publicUrl.of(v.prefix() + "/details"))).toList());
    }

    /** Mapped under 2.2.1 and, by OcpiVersionEdge, under every other version offered. */
    @GetMapping(OcpiPaths.DETAILS)
    OcpiResponse<VersionInfo.Details> details(HttpServletRequest request) {
        OcpiVersion version = OcpiVersion.ofPath(OcpiPaths.of(request)).orElse(OcpiVersion.V2_2_1);
        String model = OcpiVersion.V2_2_1.prefix();
        return OcpiResponse.success(new VersionInfo.Details(version.value(), endpoints.stream()
                .filter(e -> wires.translates(version, e.identifier()))
                .map(e -> new VersionInfo.Endpoint(e.identifier(), e.role(),
                        publicUrl.of(version.prefix() + e.path().substring(model.length()))))
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
