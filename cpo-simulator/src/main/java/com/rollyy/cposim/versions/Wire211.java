package com.rollyy.cposim.versions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * OCPI 2.1.1 on the wire (tag {@code 2.1.1}, with the 2.1.1-d2 documentation fix for the
 * CommandResponse object). The field-by-field rules are in docs/ocpi-conformance.md, section
 * "simulator-versions", and docs/ocpi-versions/*.md.
 */
final class Wire211 extends TranslatingEdge {

    /** 2.1.1 has no chargingprofiles and no hubclientinfo module. */
    private static final Set<String> MODULES = Set.of("credentials", "locations", "tariffs", "sessions", "cdrs",
            "commands", "tokens");
    /** The eMSP's 2.1.1 endpoints have no role: these are its Sender interfaces, the rest its Receivers. */
    private static final Set<String> EMSP_SENDS = Set.of("credentials", "tokens", "commands");
    private static final Set<String> CAPABILITIES = Set.of("CHARGING_PROFILE_CAPABLE", "CREDIT_CARD_PAYABLE",
            "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "RFID_READER", "UNLOCK_CAPABLE");
    private static final Set<String> FACILITIES = Set.of("HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT",
            "RECREATION_AREA", "NATURE", "MUSEUM", "BUS_STOP", "TAXI_STAND", "TRAIN_STATION", "AIRPORT",
            "CARPOOL_PARKING", "FUEL_STATION", "WIFI");
    private static final Set<String> LOCATION_TYPES = Set.of("ON_STREET", "PARKING_GARAGE", "UNDERGROUND_GARAGE",
            "PARKING_LOT");
    private static final Set<String> CDR_DIMENSIONS = Set.of("ENERGY", "FLAT", "MAX_CURRENT", "MIN_CURRENT",
            "PARKING_TIME", "TIME");
    private static final Set<String> COMMAND_RESPONSES = Set.of("NOT_SUPPORTED", "REJECTED", "ACCEPTED", "TIMEOUT",
            "UNKNOWN_SESSION");

    Wire211(SimulatorFacts facts) {
        super(OcpiVersions.V211, facts);
    }

    @Override
    Set<String> modules() {
        return MODULES;
    }

    @Override
    public boolean routingHeaders() {
        return false;
    }

    @Override
    public boolean rawTokens() {
        return true;
    }

    @Override
    Map<String, String> renamedFields() {
        return Map.of("contract_id", "auth_id");
    }

    @Override
    boolean serves(String module, List<String> segments, String method) {
        // ChargingPreferences came with 2.2
        return !("sessions".equals(module) && segments.size() > 1);
    }

    @Override
    Map<String, Object> endpointToWire(Map<String, Object> endpoint) {
        Map<String, Object> wire = new LinkedHashMap<>(endpoint);
        wire.remove("role");
        return wire;
    }

    // ---- inbound: what the eMSP sends us --------------------------------------------------------------

    @Override
    Object requestToModel(String module, List<String> segments, String method, Object body) {
        return switch (module) {
            case "credentials" -> credentialsToModel(body, "EMSP");
            case "tokens" -> tokenToModel(body, segments);
            case "commands" -> commandToModel(body);
            default -> body;
        };
    }

    @Override
    String queryToModel(String module, String method, String query, Object modelBody) {
        if (!"tokens".equals(module) || (query != null && query.contains("type="))) {
            return query;
        }
        // a 2.1.1 token URL has no ?type= (a token is its uid at the CPO): a PUT files the token
        // under its body's type, a GET or PATCH finds it whatever its type
        String type = "PUT".equals(method) && modelBody instanceof Map<?, ?> token && token.get("type") instanceof String t
                ? t : ANY_TYPE;
        return (query == null || query.isEmpty() ? "" : query + "&") + "type=" + type;
    }

    /** The Tokens Receiver's "whichever type the uid has" (its {@code ANY_TYPE}). */
    private static final String ANY_TYPE = "*";

    /** Flat party, business_details → the model's list of roles (the party's role is invented). */
    private static Object credentialsToModel(Object body, String role) {
        Map<String, Object> wire = copy(body);
        if (wire.containsKey("roles") || !(body instanceof Map<?, ?>)) {
            return body;
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("token", wire.get("token"));
        model.put("url", wire.get("url"));
        Map<String, Object> party = new LinkedHashMap<>();
        party.put("role", role);
        party.put("business_details", wire.get("business_details"));
        party.put("party_id", wire.get("party_id"));
        party.put("country_code", wire.get("country_code"));
        model.put("roles", List.of(party));
        return model;
    }

    /** 2.1.1 Token: {@code auth_id} is the contract id; country_code/party_id come from the URL. */
    private static Object tokenToModel(Object body, List<String> segments) {
        if (!(body instanceof Map<?, ?>)) {
            return body;
        }
        Map<String, Object> wire = copy(body);
        Map<String, Object> model = new LinkedHashMap<>();
        if (segments.size() >= 2) {
            model.put("country_code", decode(segments.get(0)));
            model.put("party_id", decode(segments.get(1)));
        }
        wire.forEach((field, value) -> model.put("auth_id".equals(field) ? "contract_id" : field, value));
        return model;
    }

    private Map<String, Object> tokenToModel(Object token) {
        Map<String, Object> wire = copy(token);
        Map<String, Object> model = new LinkedHashMap<>();
        facts.emspParty().ifPresent(party -> {
            model.put("country_code", party.get("country_code"));
            model.put("party_id", party.get("party_id"));
        });
        wire.forEach((field, value) -> model.put("auth_id".equals(field) ? "contract_id" : field, value));
        return model;
    }

    /** StartSession's token is a 2.1.1 Token (no party: the registered eMSP's is assumed). */
    private Object commandToModel(Object body) {
        Map<String, Object> command = copy(body);
        if (command.get("token") instanceof Map<?, ?> token) {
            command.put("token", tokenToModel(token));
        }
        return command;
    }

    // ---- our answers ------------------------------------------------------------------------------

    @Override
    Object answerToWire(String module, List<String> segments, String method, Object data) {
        return wholeSeconds(answer(module, segments, data));
    }

    private Object answer(String module, List<String> segments, Object data) {
        return switch (module) {
            case "credentials" -> credentialsToWire(data);
            case "locations" -> switch (segments.size()) {
                case 0, 1 -> each(data, this::location);
                case 2 -> each(data, this::evse);
                default -> each(data, this::connector);
            };
            case "tariffs" -> each(data, this::tariff);
            case "sessions" -> each(data, this::session);
            case "cdrs" -> each(data, this::cdr);
            case "tokens" -> each(data, Wire211::token);
            case "commands" -> commandResponse(data);
            default -> data;
        };
    }

    /** The model's first role, flat. */
    private static Object credentialsToWire(Object data) {
        Map<String, Object> model = copy(data);
        List<Object> roles = list(model.get("roles"));
        if (roles.isEmpty()) {
            return data;
        }
        Map<String, Object> role = copy(roles.get(0));
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("token", model.get("token"));
        wire.put("url", model.get("url"));
        wire.put("business_details", role.get("business_details"));
        wire.put("party_id", role.get("party_id"));
        wire.put("country_code", role.get("country_code"));
        return wire;
    }

    /** 2.1.1 CommandResponse: {@code result} only (no timeout, no message; 2.1.1-d2 shape). */
    private static Object commandResponse(Object data) {
        Map<String, Object> model = copy(data);
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("result", commandResult(model.get("result")));
        return wire;
    }

    private static Object commandResult(Object result) {
        if (result instanceof String value && !COMMAND_RESPONSES.contains(value)) {
            return "REJECTED";  // CommandResultType's finer reasons (FAILED, EVSE_OCCUPIED, ...) do not exist
        }
        return result;
    }

    // ---- what we send the eMSP ----------------------------------------------------------------------

    @Override
    Object sendToWire(String module, String method, List<String> segments, Object body) {
        return wholeSeconds(send(module, segments, body));
    }

    private Object send(String module, List<String> segments, Object body) {
        return switch (module) {
            case "credentials" -> credentialsToWire(body);
            case "locations" -> switch (segments.size()) {
                case 0, 1, 2, 3 -> location(copy(body));
                case 4 -> evse(copy(body));
                default -> connector(copy(body));
            };
            case "tariffs" -> tariff(copy(body));
            case "sessions" -> session(copy(body));
            case "cdrs" -> cdr(copy(body));
            case "response_url", "commands" -> commandResponse(body);
            default -> body;
        };
    }

    @Override
    public Object toModel(String module, Object data) {
        return switch (module) {
            case "versions" -> detailsToModel(data);
            case "credentials" -> credentialsToModel(data, "EMSP");
            default -> data;
        };
    }

    /** The eMSP's 2.1.1 details: each endpoint gets the role its module has at an eMSP. */
    private static Object detailsToModel(Object data) {
        Map<String, Object> details = copy(data);
        List<Object> endpoints = new ArrayList<>();
        for (Object entry : list(details.get("endpoints"))) {
            Map<String, Object> endpoint = copy(entry);
            endpoint.putIfAbsent("role", EMSP_SENDS.contains(String.valueOf(endpoint.get("identifier")))
                    ? "SENDER" : "RECEIVER");
            endpoints.add(endpoint);
        }
        details.put("endpoints", endpoints);
        return details;
    }

    // ---- objects, model → 2.1.1 -----------------------------------------------------------------------

    private Map<String, Object> location(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "country_code", "party_id", "publish", "publish_allowed_to", "state", "parking_places",
                     "help_phone" -> { }
                case "parking_type" -> wire.put("type", locationType(value));
                case "evses" -> wire.put("evses", list(value).stream().map(e -> (Object) evse(copy(e))).toList());
                case "facilities" -> wire.put("facilities", list(value).stream().filter(FACILITIES::contains).toList());
                case "energy_mix" -> wire.put("energy_mix", energyMix(value));
                case "opening_times" -> wire.put("opening_times", hours(value));
                default -> wire.put(field, value);
            }
        });
        // LocationType is required in 2.1.1
        if (!model.containsKey("parking_type") && model.containsKey("coordinates")) {
            wire.put("type", "UNKNOWN");
        }
        return wire;
    }

    private static String locationType(Object parkingType) {
        if (parkingType instanceof String type) {
            return LOCATION_TYPES.contains(type) ? type : "OTHER";
        }
        return "UNKNOWN";
    }

    /** 2.1.1 Hours is a choice: regular_hours, or twentyfourseven true. */
    private static Object hours(Object value) {
        Map<String, Object> hours = copy(value);
        if (Boolean.FALSE.equals(hours.get("twentyfourseven"))) {
            hours.remove("twentyfourseven");
        }
        return hours;
    }

    private static Object energyMix(Object value) {
        Map<String, Object> mix = copy(value);
        if (mix.containsKey("environ_impact")) {
            mix.put("environ_impact", list(mix.get("environ_impact")).stream().map(entry -> {
                Map<String, Object> impact = new LinkedHashMap<>();
                copy(entry).forEach((field, v) -> impact.put("category".equals(field) ? "source" : field, v));
                return (Object) impact;
            }).toList());
        }
        return mix;
    }

    private Map<String, Object> evse(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "parking", "accepted_service_providers" -> { }
                case "capabilities" -> wire.put(field, list(value).stream().filter(CAPABILITIES::contains).toList());
                case "connectors" -> wire.put(field, list(value).stream().map(c -> (Object) connector(copy(c))).toList());
                default -> wire.put(field, value);
            }
        });
        return wire;
    }

    private Map<String, Object> connector(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "max_voltage" -> wire.put("voltage", value);
                case "max_amperage" -> wire.put("amperage", value);
                case "tariff_ids" -> list(value).stream().findFirst().ifPresent(id -> wire.put("tariff_id", id));
                case "max_electric_power", "capabilities" -> { }
                default -> wire.put(field, value);
            }
        });
        return wire;
    }

    private Map<String, Object> tariff(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "country_code", "party_id", "type", "min_price", "max_price", "start_date_time", "end_date_time",
                     "tax_included", "preauthorize_amount" -> { }
                case "elements" -> wire.put(field, list(value).stream().map(e -> (Object) element(copy(e))).toList());
                case "energy_mix" -> wire.put(field, energyMix(value));
                default -> wire.put(field, value);
            }
        });
        return wire;
    }

    private static Map<String, Object> element(Map<String, Object> element) {
        element.put("price_components", list(element.get("price_components")).stream().map(c -> {
            Map<String, Object> component = copy(c);
            component.remove("vat");  // 2.1.1 prices are excl. VAT and name no VAT
            return (Object) component;
        }).toList());
        if (element.get("restrictions") instanceof Map<?, ?> r) {
            Map<String, Object> restrictions = copy(r);
            restrictions.remove("min_current");
            restrictions.remove("max_current");
            restrictions.remove("reservation");
            element.put("restrictions", restrictions);
        }
        return element;
    }

    /** A whole Session (PUT, GET) or the fields of a PATCH. */
    private Map<String, Object> session(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "country_code", "party_id", "authorization_reference", "evse_uid", "connector_id" -> { }
                case "start_date_time" -> wire.put("start_datetime", value);
                case "end_date_time" -> wire.put("end_datetime", value);
                case "cdr_token" -> wire.put("auth_id", copy(value).get("contract_id"));
                case "auth_method" -> wire.put(field, "COMMAND".equals(value) ? "AUTH_REQUEST" : value);
                case "location_id" -> wire.put("location", embeddedLocation(String.valueOf(value),
                        model.get("evse_uid"), model.get("connector_id"), null));
                case "total_cost" -> wire.put(field, exclVat(value));
                case "charging_periods" -> wire.put(field, periods(value));
                default -> wire.put(field, value);
            }
        });
        return wire;
    }

    private Map<String, Object> cdr(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "country_code", "party_id", "session_id", "authorization_reference", "signed_data", "credit",
                     "credit_reference_id", "invoice_reference_id", "home_charging_compensation", "total_fixed_cost",
                     "total_energy_cost", "total_time_cost", "total_parking_cost", "total_reservation_cost" -> { }
                case "end_date_time" -> wire.put("stop_date_time", value);
                case "cdr_token" -> wire.put("auth_id", copy(value).get("contract_id"));
                case "auth_method" -> wire.put(field, "COMMAND".equals(value) ? "AUTH_REQUEST" : value);
                case "cdr_location" -> {
                    Map<String, Object> at = copy(value);
                    wire.put("location", embeddedLocation(String.valueOf(at.get("id")), at.get("evse_uid"),
                            at.get("connector_id"), at));
                }
                case "tariffs" -> wire.put(field, list(value).stream().map(t -> (Object) tariff(copy(t))).toList());
                case "total_cost" -> wire.put(field, exclVat(value));
                case "charging_periods" -> wire.put(field, periods(value));
                default -> wire.put(field, value);
            }
        });
        return wire;
    }

    private static Object exclVat(Object price) {
        return price instanceof Map<?, ?> map ? map.get("excl_vat") : price;
    }

    /** ChargingPeriods without tariff_id, and only the CdrDimensionTypes 2.1.1 has. */
    private static Object periods(Object value) {
        return list(value).stream().map(p -> {
            Map<String, Object> period = copy(p);
            period.remove("tariff_id");
            period.put("dimensions", list(period.get("dimensions")).stream()
                    .filter(d -> CDR_DIMENSIONS.contains(String.valueOf(copy(d).get("type")))).toList());
            return (Object) period;
        }).toList();
    }

    /**
     * The 2.1.1 Location a Session or CDR embeds: the dataset's Location with only the EVSE and
     * connector charged at; when the dataset does not know it, made from the CDR's CdrLocation.
     */
    private Map<String, Object> embeddedLocation(String locationId, Object evseUid, Object connectorId,
                                                 Map<String, Object> cdrLocation) {
        Map<String, Object> location = facts.location(locationId).map(TranslatingEdge::copy).orElse(null);
        if (location == null) {
            location = fromCdrLocation(locationId, evseUid, connectorId, cdrLocation);
        } else {
            List<Object> evses = new ArrayList<>();
            for (Object e : list(location.get("evses"))) {
                Map<String, Object> evse = copy(e);
                if (evseUid == null ? evses.isEmpty() : String.valueOf(evseUid).equalsIgnoreCase(String.valueOf(evse.get("uid")))) {
                    List<Object> connectors = list(evse.get("connectors")).stream()
                            .filter(c -> connectorId == null
                                    || String.valueOf(connectorId).equalsIgnoreCase(String.valueOf(copy(c).get("id"))))
                            .toList();
                    evse.put("connectors", connectorId == null && !connectors.isEmpty() ? connectors.subList(0, 1) : connectors);
                    evses.add(evse);
                }
            }
            location.put("evses", evses);
        }
        return location(location);
    }

    private static Map<String, Object> fromCdrLocation(String locationId, Object evseUid, Object connectorId,
                                                       Map<String, Object> cdrLocation) {
        Map<String, Object> at = cdrLocation == null ? Map.of() : cdrLocation;
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("id", locationId);
        for (String field : List.of("name", "address", "city", "postal_code", "country", "coordinates")) {
            if (at.get(field) != null) {
                location.put(field, at.get(field));
            }
        }
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("id", connectorId);
        connector.put("standard", at.get("connector_standard"));
        connector.put("format", at.get("connector_format"));
        connector.put("power_type", at.get("connector_power_type"));
        Map<String, Object> evse = new LinkedHashMap<>();
        evse.put("uid", evseUid);
        if (at.get("evse_id") != null) {
            evse.put("evse_id", at.get("evse_id"));
        }
        evse.put("status", "UNKNOWN");
        evse.put("connectors", List.of(connector));
        location.put("evses", List.of(evse));
        return location;
    }

    /** Our copy of a pushed token in 2.1.1: {@code auth_id}, types RFID/OTHER, no party or 2.2 extras. */
    private static Map<String, Object> token(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "country_code", "party_id", "group_id", "default_profile_type", "energy_contract" -> { }
                case "contract_id" -> wire.put("auth_id", value);
                case "type" -> wire.put(field, "RFID".equals(value) ? value : "OTHER");
                default -> wire.put(field, value);
            }
        });
        return wire;
    }

    private static final java.util.regex.Pattern FRACTION =
            java.util.regex.Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\.\\d+(Z?)");

    /** 2.1.1 DateTimes are ISO 8601 as in its examples, whole seconds (types.md §1.2): fractions are cut. */
    static Object wholeSeconds(Object value) {
        if (value instanceof String text) {
            java.util.regex.Matcher m = FRACTION.matcher(text);
            return m.matches() ? m.group(1) + m.group(2) : text;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), wholeSeconds(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Wire211::wholeSeconds).toList();
        }
        return value;
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
    }

}
