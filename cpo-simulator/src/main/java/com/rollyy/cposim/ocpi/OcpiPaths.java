package com.rollyy.cposim.ocpi;

/** The simulator's own URL layout; peers discover it through the versions endpoints. */
public final class OcpiPaths {

    /**
     * The version of the simulator's model and of these paths. Another version on the wire is
     * translated at the edge ({@link WireEdge}), paths included ({@code /ocpi/2.1.1/...} ↔ these).
     */
    public static final String VERSION = "2.2.1";
    public static final String VERSIONS = "/ocpi/versions";
    public static final String DETAILS = "/ocpi/" + VERSION;
    public static final String CREDENTIALS = DETAILS + "/credentials";

    private OcpiPaths() {
    }

    /** Paths on which the one-time token A is honoured (spec: versions, details, credentials). */
    static boolean acceptsTokenA(String path) {
        return VERSIONS.equals(path) || DETAILS.equals(path) || CREDENTIALS.equals(path);
    }

    /** {@code base} and {@code path} with exactly one '/' between them, whatever either has; {@code base} alone when path is empty. */
    public static String join(String base, String path) {
        String left = base;
        while (left.endsWith("/")) {
            left = left.substring(0, left.length() - 1);
        }
        String right = path == null ? "" : path;
        while (right.startsWith("/")) {
            right = right.substring(1);
        }
        return right.isEmpty() ? left : left + "/" + right;
    }

    /** Drops the query and trailing slashes, so {@code /ocpi/versions/} routes like {@code /ocpi/versions}. */
    public static String normalize(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
