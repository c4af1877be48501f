package com.rollyy.emsp.ocpi;

/**
 * One interface this service serves, declared as a bean by the package that implements it, so
 * version details list exactly what is mounted and nothing else.
 */
public record OcpiModuleEndpoint(String identifier, InterfaceRole role, String path) {
}
