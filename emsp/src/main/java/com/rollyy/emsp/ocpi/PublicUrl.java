package com.rollyy.emsp.ocpi;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.rollyy.emsp.config.RollyyProperties;

/**
 * The base URL peers reach us at ({@code ROLLYY_PUBLIC_URL}); by default
 * {@code http://localhost:<port>}. Every URL we advertise or put in a Link header is built
 * from it, never from the request's Host header, which a proxy may have rewritten.
 */
@Component
public class PublicUrl {

    private final RollyyProperties properties;
    private final Environment environment;

    public PublicUrl(RollyyProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public String base() {
        String configured = properties.publicUrl();
        if (configured != null && !configured.isBlank()) {
            return OcpiUrls.withoutTrailingSlash(configured.strip());
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://localhost:" + port;
    }

    public String of(String path) {
        return base() + path;
    }

    public String versionsUrl() {
        return of(OcpiPaths.VERSIONS);
    }
}
