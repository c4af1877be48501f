package com.rollyy.emsp.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import com.rollyy.emsp.connections.Peers;
import com.rollyy.emsp.locations.AssetQuery;
import com.rollyy.emsp.locations.ChargingAsset;
import com.rollyy.emsp.locations.Evse;
import com.rollyy.emsp.locations.LocationQueries;

/**
 * The Charging assets page (docs/console.md): the EVSEs of GET /v1/charging-assets on a map drawn
 * by the server as SVG (no tiles: {@link ConsoleAssetMap}), with zoom and pan links, and in a
 * filtered table of at most 100 rows per page.
 */
@Controller
class ConsoleAssetsController {

    static final int PAGE_SIZE = 100;
    private static final java.time.format.DateTimeFormatter COUNTED_AT =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    /** The statuses a filter can ask for (REMOVED EVSEs are never listed). */
    static final List<Evse.Status> STATUSES = Arrays.stream(Evse.Status.values())
            .filter(s -> s != Evse.Status.REMOVED).toList();

    private final LocationQueries locations;
    private final Peers peers;

    ConsoleAssetsController(LocationQueries locations, Peers peers) {
        this.locations = locations;
        this.peers = peers;
    }

    /** A row of the table. */
    record AssetRow(UUID assetId, String location, String city, String evse, String status, String connectors,
                    String cpo, boolean startable, String blockers) {

        static AssetRow of(ChargingAsset a) {
            String power = a.maxPowerKw() == Math.rint(a.maxPowerKw()) ? String.valueOf((long) a.maxPowerKw())
                    : String.valueOf(a.maxPowerKw());
            return new AssetRow(a.assetId(), (a.location().name() == null ? a.location().id() : a.location().name()),
                    (a.location().city() == null ? "" : a.location().city()) + " (" + a.location().countryCode() + ")",
                    a.evseId() == null ? a.evseUid() : a.evseId(), a.status().name().toLowerCase(Locale.ROOT),
                    String.join(", ", a.connectorTypes()) + " · " + power + " kW",
                    (a.cpoName() == null ? "" : a.cpoName()) + " " + a.cpoCountryCode() + "/" + a.cpoPartyId(),
                    a.startable(), String.join(", ", a.startBlockers()));
        }
    }

    /** A zoom or pan link. */
    record ZoomLink(String label, String href) {
    }

    @GetMapping("/console/assets")
    String assets(@RequestParam(required = false) String status, @RequestParam(required = false) String country,
                  @RequestParam(required = false) String connection, @RequestParam(required = false) String bbox,
                  @RequestParam(required = false) String after, Model model) {
        model.addAttribute("page", "assets");
        var problems = new ArrayList<String>();
        Evse.Status wantedStatus = null;
        if (given(status)) {
            try {
                wantedStatus = Evse.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
                if (wantedStatus == Evse.Status.REMOVED) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                problems.add("Status must be one of " + STATUSES);
            }
        }
        String countryCode = null;
        if (given(country)) {
            countryCode = country.strip().toUpperCase(Locale.ROOT);
            if (!countryCode.matches("[A-Z]{2}")) {
                problems.add("Country must be a two-letter ISO 3166-1 code, like NL");
                countryCode = null;
            }
        }
        UUID connectionId = null;
        if (given(connection)) {
            try {
                connectionId = UUID.fromString(connection.strip());
            } catch (IllegalArgumentException e) {
                problems.add("Connection must be a connection id");
            }
        }
        AssetQuery.After from = null;
        if (given(after)) {
            from = decodeAfter(after);
            if (from == null) {
                problems.add("After (after) is not a position in this table: showing the first page");
            }
        }
        AssetQuery.Box requested = null;
        if (given(bbox)) {
            try {
                requested = ConsoleAssetMap.parse(bbox);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        var filter = new AssetQuery.Filter(wantedStatus, countryCode, connectionId);
        var filters = new LinkedHashMap<String, String>();
        filters.put("status", wantedStatus == null ? "" : wantedStatus.name());
        filters.put("country", countryCode == null ? "" : countryCode);
        filters.put("connection", connectionId == null ? "" : connectionId.toString());
        model.addAttribute("filters", filters);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("connections", peers.summaries().values().stream()
                .map(s -> Map.of("id", s.id().toString(), "name", s.name() + (s.countryCode() == null ? ""
                        : " (" + s.countryCode() + "/" + s.partyId() + ")") + (s.active() ? "" : ", " + s.status())))
                .toList());
        if (!problems.isEmpty()) {
            model.addAttribute("problem", String.join("; ", problems));
        }

        // the default view holds every Location of the country / connection asked for, whatever their
        // status: the map does not jump when a status is chosen (and needs no EVSE scan to frame it)
        AssetQuery.Box view = requested != null ? requested
                : locations.extent(new AssetQuery.Filter(null, countryCode, connectionId))
                        .map(ConsoleAssetMap::around).orElse(null);
        addMap(view, filter, filters, model);

        List<ChargingAsset> rows = locations.assets(filter, PAGE_SIZE + 1, from);
        model.addAttribute("assets", rows.stream().limit(PAGE_SIZE).map(AssetRow::of).toList());
        model.addAttribute("paged", from != null);
        model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
        model.addAttribute("pageLinkFirst", link(filters, requested, null));
        model.addAttribute("pageLinkNext", rows.size() > PAGE_SIZE
                ? link(filters, requested, encodeAfter(AssetQuery.After.of(rows.get(PAGE_SIZE - 1)))) : null);
        return "console/assets";
    }

    private void addMap(AssetQuery.Box view, AssetQuery.Filter filter, Map<String, String> filters, Model model) {
        model.addAttribute("mapWidth", ConsoleAssetMap.WIDTH);
        model.addAttribute("mapHeight", ConsoleAssetMap.HEIGHT);
        if (view == null) {
            model.addAttribute("markers", List.of());
            model.addAttribute("grouped", false);
            model.addAttribute("zoomLinks", List.of());
            model.addAttribute("view", null);
            return;
        }
        var map = new ConsoleAssetMap(view);
        var data = locations.map(view, filter);
        double cellLat = (view.north() - view.south()) / LocationQueries.MAP_ROWS;
        double cellLon = (view.east() - view.west()) / LocationQueries.MAP_COLUMNS;
        var markers = map.markers(data.points(), cellLat, cellLon).stream()
                .map(m -> m.zoomTo() == null ? m : new ConsoleAssetMap.Marker(m.x(), m.y(), m.r(), m.cssClass(),
                        m.label(), m.count(), link(filters, ConsoleAssetMap.parse(m.zoomTo()), null)))
                .toList();
        model.addAttribute("markers", markers);
        model.addAttribute("grouped", data.grouped());
        model.addAttribute("countedAt", COUNTED_AT.format(data.countedAt()));
        model.addAttribute("recountSeconds", LocationQueries.MAP_REFRESH.toSeconds());
        model.addAttribute("view", ConsoleAssetMap.format(view));
        model.addAttribute("locationCount", data.points().stream().mapToLong(p -> p.status() == null ? p.count() : 1).sum());
        model.addAttribute("zoomLinks", List.of(
                new ZoomLink("Zoom in", link(filters, map.zoomIn(), null)),
                new ZoomLink("Zoom out", link(filters, map.zoomOut(), null)),
                new ZoomLink("North", link(filters, map.pan(1, 0), null)),
                new ZoomLink("South", link(filters, map.pan(-1, 0), null)),
                new ZoomLink("West", link(filters, map.pan(0, -1), null)),
                new ZoomLink("East", link(filters, map.pan(0, 1), null)),
                new ZoomLink("Show all", link(filters, null, null))));
    }

    /** A table position as a query value: the EVSE key's four parts, base64url (ids may hold any character). */
    static String encodeAfter(AssetQuery.After after) {
        String joined = String.join("\u001f", after.countryCode(), after.partyId(), after.locationId(), after.evseUid());
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(joined.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Null when {@code value} is not one {@link #encodeAfter} wrote. */
    static AssetQuery.After decodeAfter(String value) {
        try {
            String joined = new String(java.util.Base64.getUrlDecoder().decode(value.strip()),
                    java.nio.charset.StandardCharsets.UTF_8);
            String[] parts = joined.split("\u001f", -1);
            return parts.length == 4 ? new AssetQuery.After(parts[0], parts[1], parts[2], parts[3]) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** This page with the same filters, another view, and the table from {@code after} (null: its first page). */
    private static String link(Map<String, String> filters, AssetQuery.Box box, String after) {
        var uri = UriComponentsBuilder.fromPath("/console/assets");
        filters.forEach((k, v) -> {
            if (!v.isEmpty()) {
                uri.queryParam(k, v);
            }
        });
        if (box != null) {
            uri.queryParam("bbox", ConsoleAssetMap.format(box));
        }
        if (after != null) {
            uri.queryParam("after", after);
        }
        return uri.encode().build().toUriString();
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }
}
