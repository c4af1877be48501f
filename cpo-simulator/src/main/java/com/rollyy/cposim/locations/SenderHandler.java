package com.rollyy.cposim.locations;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import tools.jackson.core.JsonGenerator;

import com.rollyy.cposim.SimulatorKnobs;
import com.rollyy.cposim.credentials.CpoIdentity;
import com.rollyy.cposim.credentials.RegistrationState;
import com.rollyy.cposim.credentials.RoutingHeaders;
import com.rollyy.cposim.ocpi.Inbound;
import com.rollyy.cposim.ocpi.Json;
import com.rollyy.cposim.ocpi.OcpiEnvelope;
import com.rollyy.cposim.ocpi.OcpiPaths;
import com.rollyy.cposim.ocpi.PageRequest;
import com.rollyy.cposim.ocpi.Reply;

/**
 * The CPO's Sender interfaces: {@code GET /ocpi/2.2.1/locations} (paginated list, and single
 * Location, EVSE or Connector) and {@code GET /ocpi/2.2.1/tariffs} (paginated list). Lists are
 * written straight from the generator to the connection.
 */
public final class SenderHandler {

    public static final String LOCATIONS = OcpiPaths.DETAILS + "/locations";
    public static final String TARIFFS = OcpiPaths.DETAILS + "/tariffs";
    static final int UNKNOWN_LOCATION = 2003;

    private final Dataset dataset;
    private final SimulatorKnobs knobs;
    private final Supplier<String> baseUrl;
    private final CpoIdentity identity;
    private final RegistrationState state;

    public SenderHandler(Dataset dataset, SimulatorKnobs knobs, Supplier<String> baseUrl, CpoIdentity identity,
                  RegistrationState state) {
        this.dataset = dataset;
        this.knobs = knobs;
        this.baseUrl = baseUrl;
        this.identity = identity;
        this.state = state;
    }

    /** Whether this handler serves the (normalized) path. */
    public static boolean serves(String path) {
        return path.equals(LOCATIONS) || path.startsWith(LOCATIONS + "/") || path.equals(TARIFFS);
    }

    public Reply handle(Inbound request) {
        Reply reply = route(request);
        return reply.withHeaders(RoutingHeaders.forResponse(request, identity, state));
    }

    private Reply route(Inbound request) {
        if (!"GET".equals(request.method())) {
            return Reply.httpError(405, OcpiEnvelope.CLIENT_ERROR, "Method not allowed");
        }
        if (request.path().equals(TARIFFS)) {
            return list(request, TARIFFS, dataset.tariffCount(), Dataset::tariffLastUpdated,
                    Collections.emptyNavigableMap(), dataset::writeTariff);
        }
        if (request.path().equals(LOCATIONS)) {
            return list(request, LOCATIONS, dataset.locationCount(), Dataset::baseLocationLastUpdated,
                    dataset.changedLocations(), dataset::writeLocation);
        }
        return locationObject(request.path().substring(LOCATIONS.length() + 1).split("/", -1));
    }

    // ---- GET object --------------------------------------------------------------------------

    private Reply locationObject(String[] segments) {
        if (segments.length > 3) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown path");
        }
        String locationId = decode(segments[0]);
        OptionalInt index = dataset.locationIndex(locationId);
        if (index.isEmpty()) {
            return Reply.httpError(404, UNKNOWN_LOCATION, "Unknown Location: " + locationId);
        }
        int location = index.getAsInt();
        if (segments.length == 1) {
            return Reply.ok(OcpiEnvelope.successWith(g -> dataset.writeLocation(g, location)));
        }
        String evseUid = decode(segments[1]);
        OptionalInt evse = dataset.evseNumber(location, evseUid);
        if (evse.isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown EVSE: " + evseUid);
        }
        int evseNumber = evse.getAsInt();
        if (segments.length == 2) {
            return Reply.ok(OcpiEnvelope.successWith(g -> dataset.writeEvse(g, location, evseNumber)));
        }
        String connectorId = decode(segments[2]);
        OptionalInt connector = dataset.connectorNumber(location, evseNumber, connectorId);
        if (connector.isEmpty()) {
            return Reply.httpError(404, OcpiEnvelope.CLIENT_ERROR, "Unknown Connector: " + connectorId);
        }
        return Reply.ok(OcpiEnvelope.successWith(g ->
                dataset.writeConnector(g, location, evseNumber, connector.getAsInt())));
    }

    // ---- GET list ----------------------------------------------------------------------------

    @FunctionalInterface
    private interface ObjectWriter {
        void write(JsonGenerator g, int index);
    }

    private Reply list(Inbound request, String path, int count, IntFunction<Instant> baseTime,
                       NavigableMap<Integer, Instant> changed, ObjectWriter writer) {
        PageRequest page;
        try {
            page = PageRequest.parse(request.query(), knobs.maxPageSize());
        } catch (IllegalArgumentException e) {
            return Reply.ocpiError(OcpiEnvelope.INVALID_PARAMETERS, e.getMessage());
        }
        Selection selection = new Selection(count, baseTime, changed, page.dateFrom, page.dateTo);
        int[] indices = selection.page(page.offset, page.limit);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Total-Count", Long.toString(selection.total()));
        headers.put("X-Limit", Integer.toString(knobs.maxPageSize()));
        long next = page.offset + indices.length;
        if (indices.length > 0 && next < selection.total()) {
            headers.put("Link", "<" + baseUrl.get() + path + "?" + page.query(next) + ">; rel=\"next\"");
        }
        return Reply.stream(out -> {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            try (JsonGenerator g = Json.generator(buffered)) {
                OcpiEnvelope.writeSuccess(g, data -> {
                    data.writeStartArray();
                    for (int index : indices) {
                        writer.write(data, index);
                    }
                    data.writeEndArray();
                });
            }
        }).withHeaders(headers);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
