package com.rollyy.cposim.ocpi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the simulator received, kept for assertions.
 *
 * @param method     HTTP method, upper case
 * @param path       path including the query string, e.g. {@code /ocpi/versions?x=1}
 * @param headers    all request headers; the map looks names up case-insensitively
 * @param body       request body as UTF-8 text, empty string when there was none
 * @param receivedAt when the request arrived
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers,
                              String body, Instant receivedAt) {

    public RecordedRequest {
        headers = HeaderMaps.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** First value of a header (case-insensitive name), or null. */
    public String header(String name) {
        return HeaderMaps.first(headers, name);
    }

    /** The path without the query string. */
    public String pathWithoutQuery() {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    @Override
    public String toString() {
        // deliberately no headers: Authorization carries a live token
        return method + " " + path;
    }
}
