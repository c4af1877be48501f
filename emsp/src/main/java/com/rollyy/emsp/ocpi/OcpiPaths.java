package com.rollyy.emsp.ocpi;

/** Where OCPI lives in our URL space, as opposed to the product API. */
public final class OcpiPaths {

    public static final String VERSIONS = "/ocpi/versions";
    public static final String V221 = "/ocpi/2.2.1";
    public static final String DETAILS = V221 + "/details";
    public static final String CREDENTIALS = V221 + "/credentials";

    private OcpiPaths() {
    }

    /** True for paths served under OCPI token authentication. */
    public static boolean isOcpi(String path) {
        return path.equals(VERSIONS) || path.startsWith(VERSIONS + "/")
                || path.equals(V221) || path.startsWith(V221 + "/");
    }

    /** Token A may be used on versions, version details and credentials only. */
    public static boolean allowsRegistrationToken(String path) {
        String p = stripTrailingSlash(path);
        return p.equals(VERSIONS) || p.equals(DETAILS) || p.equals(CREDENTIALS);
    }

    public static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
