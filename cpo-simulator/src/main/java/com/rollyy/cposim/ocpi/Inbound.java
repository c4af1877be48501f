package com.rollyy.cposim.ocpi;

import java.util.List;
import java.util.Map;

/**
 * An authenticated incoming request as the handlers see it.
 *
 * @param method      upper-case HTTP method
 * @param path        path without query and without trailing slash
 * @param query       raw (still percent-encoded) query string, or null when there was none
 * @param body        UTF-8 body, empty when none
 * @param callerToken the decoded credentials token the caller authenticated with
 * @param caller      which kind of token that is
 * @param headers     request headers (case-insensitive lookup)
 */
public record Inbound(String method, String path, String query, String body, String callerToken,
               Caller caller, Map<String, List<String>> headers) {

    /** First value of a request header, or null. */
    public String header(String name) {
        return HeaderMaps.first(headers, name);
    }
}
