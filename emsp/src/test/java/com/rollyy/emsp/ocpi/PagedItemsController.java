package com.rollyy.emsp.ocpi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Test-only OCPI list endpoint: twelve items, one a minute from {@link #FIRST}, served through
 * the real pagination helper, with switches that make it misbehave the way peers do.
 */
@OcpiController
class PagedItemsController {

    static final String PATH = "/ocpi/2.2.1/test-items";
    static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    static final int COUNT = 12;
    static final java.util.concurrent.atomic.AtomicInteger SERVED = new java.util.concurrent.atomic.AtomicInteger();

    private final OcpiPagination pagination;
    private final int maxLimit;

    PagedItemsController(OcpiPagination pagination, com.rollyy.emsp.config.RollyyProperties properties) {
        this.pagination = pagination;
        this.maxLimit = properties.ocpi().maxPageLimit();
    }

    @GetMapping(PATH)
    ResponseEntity<?> list(HttpServletRequest request, @RequestParam Map<String, String> params) {
        SERVED.incrementAndGet();
        List<Map<String, Object>> all = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            Object id = params.containsKey("broken") && i == 2 ? Map.of("not", "a string") : "item-" + i;
            all.add(Map.of("id", id, "last_updated", OcpiJson.format(FIRST.plusSeconds(60L * i))));
        }
        if (params.containsKey("routing")) {
            return ResponseEntity.ok(OcpiResponse.success(List.of()));
        }
        if (params.containsKey("bloat")) {
            return ResponseEntity.ok(OcpiResponse.success(all));
        }
        if (params.containsKey("loop")) {
            return ResponseEntity.ok().header(HttpHeaders.LINK, "<" + request.getRequestURL() + "?"
                    + request.getQueryString() + ">; rel=\"next\"").body(OcpiResponse.success(all.subList(0, 1)));
        }
        var page = OcpiPageRequest.from(params, maxLimit);
        List<Map<String, Object>> matching = all.stream().filter(item -> {
            Instant updated = Instant.parse((String) item.get("last_updated"));
            return (page.dateFrom() == null || !updated.isBefore(page.dateFrom()))
                    && (page.dateTo() == null || updated.isBefore(page.dateTo()));
        }).toList();
        int from = Math.min(page.offset(), matching.size());
        int to = Math.min(from + page.limit(), matching.size());
        return pagination.respond(request, page, new OcpiPage<>(matching.subList(from, to), matching.size()));
    }
}
