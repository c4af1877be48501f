package com.rollyy.emsp.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

import com.rollyy.emsp.ocpi.PublicUrl;

/**
 * Offset pagination of product API lists, in the shape of OCPI's: {@code limit} and
 * {@code offset} parameters, the page as a JSON array, {@code X-Total-Count} (every match),
 * {@code X-Limit} (the largest limit allowed) and, unless this is the last page,
 * {@code Link: <next>; rel="next"} keeping every filter of the request.
 */
public record ApiPage(int limit, int offset, int maxLimit) {

    public static final String TOTAL_COUNT = "X-Total-Count";
    public static final String LIMIT = "X-Limit";

    /** From the request's parameters; out-of-range values are refused, naming the parameter. */
    public static ApiPage of(Integer limit, Integer offset, int defaultLimit, int maxLimit) {
        int l = limit == null ? defaultLimit : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > maxLimit) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and " + maxLimit);
        }
        if (o < 0) {
            throw ApiException.badRequest("Parameter 'offset' must be 0 or more");
        }
        return new ApiPage(l, o, maxLimit);
    }

    /** A page of rows and the count of every row the filter matches. */
    public record Rows<R>(List<R> rows, long total) {
    }

    /**
     * This page of {@code table}'s rows matching {@code where} (starting with " where"), newest
     * first ({@code created_at desc}, then the OCPI key: a stable order for offsets), and the
     * total count. The page is not queried when the offset lies past the end.
     */
    public <R> Rows<R> fetch(org.springframework.jdbc.core.simple.JdbcClient jdbc, String columns, String table,
                             CharSequence where, List<Object> params,
                             org.springframework.jdbc.core.RowMapper<R> mapper) {
        long total = jdbc.sql("select count(*) from " + table + where).params(params).query(Long.class).single();
        if (offset >= total) {
            return new Rows<>(List.of(), total);
        }
        var pageParams = new java.util.ArrayList<>(params);
        pageParams.add(offset);
        pageParams.add(limit);
        List<R> rows = jdbc.sql("select " + columns + " from " + table + where
                        + " order by created_at desc, country_code, party_id, id offset ? limit ?")
                .params(pageParams).query(mapper).list();
        return new Rows<>(rows, total);
    }

    public <T> ResponseEntity<List<T>> respond(HttpServletRequest request, PublicUrl publicUrl, List<T> items,
                                               long total) {
        var headers = new HttpHeaders();
        headers.set(TOTAL_COUNT, Long.toString(total));
        headers.set(LIMIT, Integer.toString(maxLimit));
        long next = (long) offset + items.size();
        if (!items.isEmpty() && next < total) {
            headers.set(HttpHeaders.LINK, "<" + nextUrl(request, publicUrl, next) + ">; rel=\"next\"");
        }
        return ResponseEntity.ok().headers(headers).body(items);
    }

    private String nextUrl(HttpServletRequest request, PublicUrl publicUrl, long nextOffset) {
        var query = new StringJoiner("&");
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("offset") && !name.equals("limit")) {
                for (String value : values) {
                    query.add(encode(name) + "=" + encode(value));
                }
            }
        });
        query.add("offset=" + nextOffset).add("limit=" + limit);
        return publicUrl.of(request.getRequestURI()) + "?" + query;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
