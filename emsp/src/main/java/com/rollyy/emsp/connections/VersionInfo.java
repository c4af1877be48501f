package com.rollyy.emsp.connections;

import java.util.List;

import com.rollyy.emsp.ocpi.InterfaceRole;

/** The objects of the versions module: a version and its details. */
public final class VersionInfo {

    private VersionInfo() {
    }

    public record Version(String version, String url) {
    }

    public record Details(String version, List<Endpoint> endpoints) {
    }

    public record Endpoint(String identifier, InterfaceRole role, String url) {
    }
}
