package com.rollyy.cposim;

import java.util.Objects;

/**
 * One entry of an OCPI version-details endpoint list.
 *
 * @param identifier ModuleID, e.g. {@code locations} (no underscores in 2.2.1)
 * @param role       {@code SENDER} or {@code RECEIVER}
 * @param url        absolute URL of the module
 */
public record Endpoint(String identifier, String role, String url) {

    public Endpoint {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(url, "url");
    }
}
