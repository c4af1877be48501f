package com.rollyy.emsp.ocpi;

/** Where OCPI lives in our URL space, as opposed to the product API. */
public final class OcpiPaths {

    public static final String VERSIONS = "/ocpi/versions";
    public static final String V221 = "/ocpi/2.2.1";
    public static final String DETAILS = V221 + "/details";
    public static final String CREDENTIALS = V221 + "/credentials";

    /** Decodes %xx, drops ;params and collapses // exactly as request mapping does before matching. */
    private static final org.springframework.web.util.UrlPathHelper SPRING_VIEW = spring();

    private OcpiPaths() {
    }

    private static org.springframework.web.util.UrlPathHelper spring() {
        var helper = new org.springframework.web.util.UrlPathHelper();
        helper.setRemoveSemicolonContent(true);
        helper.setUrlDecode(true);
        return helper;
    }

    /**
     * The path of a request as the controllers see it. Every security decision by path uses this,
     * never the raw URI: {@code /v1;x=1/robot-jobs} or {@code /ocpi/2.2.1/commands/%53TOP_SESSION}
     * reach the same controllers as their plain spelling, so they must meet the same checks.
     */
    public static String of(jakarta.servlet.http.HttpServletRequest request) {
        // every filter asks (8 times a request): decoded once per request URI. An error or
        // forward dispatch of the same request has another URI and gets its own
        String uri = request.getRequestURI();
        if (request.getAttribute(PATH_ATTRIBUTE) instanceof DecodedPath cached && cached.uri().equals(uri)) {
            return cached.path();
        }
        String path = SPRING_VIEW.getPathWithinApplication(request);
        request.setAttribute(PATH_ATTRIBUTE, new DecodedPath(uri, path));
        return path;
    }

    private static final String PATH_ATTRIBUTE = OcpiPaths.class.getName() + ".path";

    private record DecodedPath(String uri, String path) {
    }

    /** True for paths served under OCPI token authentication (any version we speak). */
    public static boolean isOcpi(String path) {
        return path.equals(VERSIONS) || path.startsWith(VERSIONS + "/") || OcpiVersion.ofPath(path).isPresent();
    }

    /**
     * Product API paths that the issues put inside the OCPI URL space: they take X-API-Key, not
     * an OCPI token. The Locations list and the GET form of token authorize take either (X-API-Key
     * when that header is present); token revocation (DELETE) takes X-API-Key only.
     */
    public static boolean isProductApi(String method, String path, boolean hasApiKey) {
        String p = stripTrailingSlash(path);
        if (p.startsWith(V221 + "/locations/sync/") || p.startsWith(V221 + "/tariffs/sync/")
                || p.equals(V221 + "/tariffs/estimate") || p.equals(V221 + "/tariffs/reconcile")
                || p.startsWith(V221 + "/tariffs/reconcile/")
                || p.equals(V221 + "/commands/START_SESSION") || p.equals(V221 + "/commands/STOP_SESSION")
                || p.startsWith(V221 + "/sessions/sync/") || p.startsWith(V221 + "/sessions/job/")
                || p.startsWith(V221 + "/cdrs/sync/")) {
            return true;
        }
        if ("DELETE".equals(method) && isTokenPath(p, "")) {
            return true; // token revocation
        }
        return hasApiKey && "GET".equals(method) && (p.equals(V221 + "/locations") || isTokenPath(p, "/authorize"));
    }

    /** {@code /ocpi/2.2.1/tokens/{uid}} followed by exactly {@code suffix}, the uid being one segment. */
    private static boolean isTokenPath(String p, String suffix) {
        String prefix = V221 + "/tokens/";
        if (!p.startsWith(prefix) || !p.endsWith(suffix) || p.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        return p.indexOf('/', prefix.length()) == (suffix.isEmpty() ? -1 : p.length() - suffix.length());
    }

    /** Token A may be used on versions, version details and credentials only (of any version). */
    public static boolean allowsRegistrationToken(String path) {
        String p = stripTrailingSlash(path);
        return p.equals(VERSIONS) || OcpiVersion.ofPath(p)
                .map(v -> p.equals(v.prefix() + "/details") || p.equals(v.prefix() + "/credentials")).orElse(false);
    }

    /**
     * Functional modules carry routing headers; configuration modules (versions, credentials,
     * hubclientinfo) never do.
     */
    public static boolean isFunctional(String path) {
        String p = stripTrailingSlash(path);
        return OcpiVersion.ofPath(p).map(v -> p.startsWith(v.prefix() + "/") && !p.equals(v.prefix() + "/details")
                && !p.equals(v.prefix() + "/credentials") && !p.startsWith(v.prefix() + "/hubclientinfo")).orElse(false);
    }

    /** The module identifier of an OCPI path ({@code locations} for /ocpi/2.1.1/locations/...), else null. */
    public static String module(String path) {
        var version = OcpiVersion.ofPath(path);
        if (version.isEmpty() || path.length() <= version.get().prefix().length() + 1) {
            return null;
        }
        String rest = path.substring(version.get().prefix().length() + 1);
        int slash = rest.indexOf('/');
        String segment = slash < 0 ? rest : rest.substring(0, slash);
        return segment.equals("details") ? "versions" : segment;
    }

    public static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
