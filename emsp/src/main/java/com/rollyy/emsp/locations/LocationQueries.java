package com.rollyy.emsp.locations;

import java.util.UUID;

import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.OcpiPage;
import com.rollyy.emsp.ocpi.OcpiPageRequest;

/** Read side of Locations: the paginated list. */
@Service
public class LocationQueries {

    private final LocationRepository repository;

    LocationQueries(LocationRepository repository) {
        this.repository = repository;
    }

    OcpiPage<JsonNode> page(UUID connectionId, OcpiPageRequest page) {
        var filter = new LocationRepository.ListFilter(connectionId, page.dateFrom(), page.dateTo());
        long total = repository.count(filter);
        var items = page.offset() >= total ? java.util.List.<JsonNode>of()
                : repository.page(filter, page.offset(), page.limit());
        return new OcpiPage<>(items, total);
    }
}
