package com.rollyy.emsp.ocpi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Server side of OCPI pagination: {@code X-Total-Count}, {@code X-Limit} (the server maximum)
 * and, except on the last page, {@code Link: <next>; rel="next"} keeping every filter of the
 * request and built on our public URL.
 */
@Component
public class OcpiPagination {

    public static final String TOTAL_COUNT = "X-Total-Count";
    public static final String LIMIT = "X-Limit";

    private final PublicUrl publicUrl;

    public OcpiPagination(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    public <T> ResponseEntity<OcpiResponse<List<T>>> respond(HttpServletRequest request, OcpiPageRequest page,
                                                            OcpiPage<T> result) {
        var headers = new HttpHeaders();
        headers.set(TOTAL_COUNT, Long.toString(result.total()));
        headers.set(LIMIT, Integer.toString(page.maxLimit()));
        long next = (long) page.offset() + result.items().size();
        if (!result.items().isEmpty() && next < result.total()) {
            headers.set(HttpHeaders.LINK, "<" + nextUrl(request, next, page.limit()) + ">; rel=\"next\"");
        }
        return ResponseEntity.ok().headers(headers).body(OcpiResponse.success(result.items()));
    }

    private String nextUrl(HttpServletRequest request, long offset, int limit) {
        var query = new StringJoiner("&");
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("offset") && !name.equals("limit")) {
                for (String value : values) {
                    query.add(encode(name) + "=" + encode(value));
                }
            }
        });
        query.add("offset=" + offset).add("limit=" + limit);
        return publicUrl.of(request.getRequestURI()) + "?" + query;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
