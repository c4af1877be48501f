package com.rollyy.emsp.locations;

import java.util.UUID;

import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.ocpi.OcpiPage;
import com.rollyy.emsp.ocpi.OcpiPageRequest;
import com.rollyy.emsp.ocpi.ObjectKey;

/** Read side of Locations: the paginated list. */
@Service
public class LocationQueries {

    private final LocationRepository repository;
    private final ChargingAssetRepository assets;

    LocationQueries(LocationRepository repository, ChargingAssetRepository assets) {
        this.repository = repository;
        this.assets = assets;
    }

    public java.util.Optional<ChargingAsset> asset(UUID assetId) {
        return assets.find(assetId);
    }

    /** The IANA time zone of a Location we hold, for pricing in local time. */
    public java.util.Optional<String> timeZone(String countryCode, String partyId, String locationId) {
        return repository.find(new ObjectKey(countryCode, partyId, locationId), false)
                .map(l -> l.doc().path("time_zone").asString(null));
    }

    OcpiPage<JsonNode> page(UUID connectionId, OcpiPageRequest page) {
        var filter = new LocationRepository.ListFilter(connectionId, page.dateFrom(), page.dateTo());
        long total = repository.count(filter);
        var items = page.offset() >= total ? java.util.List.<JsonNode>of()
                : repository.page(filter, page.offset(), page.limit());
        return new OcpiPage<>(items, total);
    }
}
