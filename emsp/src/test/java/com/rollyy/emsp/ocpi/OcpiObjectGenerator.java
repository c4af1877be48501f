package com.rollyy.emsp.ocpi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates OCPI 2.2.1 objects from a seeded {@link Random}: every field drawn from its type's
 * value space (ids of printable ASCII, free text in any script, DateTimes in every form the spec
 * allows, enums, decimals), and each field, with a small probability, replaced by a hostile value
 * of its kind (too long, control characters, not ASCII, a dot segment, the wrong JSON type, an
 * impossible or far date, a value outside its enum, a number out of range) or left out. About a
 * third of the objects come out valid, so both the storing and the refusing paths are exercised.
 */
final class OcpiObjectGenerator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String ODD_ID_CHARS = " %?#;:*+=@!$&'()[]{}|~^`\"<>,";
    private static final String[] SCRIPTS = {"Straße", "Ærø", "中文", "العربية", "😀", "קיר", "ça va", "a\tb", "\u00a0"};

    static final String[] EVSE_STATUS = {"AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER", "PLANNED",
        "REMOVED", "RESERVED", "UNKNOWN"};
    static final String[] CONNECTOR_TYPES = {"CHADEMO", "IEC_62196_T2", "IEC_62196_T2_COMBO", "DOMESTIC_F", "TESLA_S",
        "IEC_60309_2_single_16", "NEMA_5_20"};
    static final String[] SESSION_STATUS = {"ACTIVE", "COMPLETED", "INVALID", "PENDING", "RESERVATION"};
    static final String[] DIMENSIONS = {"CURRENT", "ENERGY", "ENERGY_EXPORT", "ENERGY_IMPORT", "MAX_CURRENT",
        "MIN_CURRENT", "MAX_POWER", "MIN_POWER", "PARKING_TIME", "POWER", "RESERVATION_TIME", "STATE_OF_CHARGE", "TIME"};
    static final String[] COMMAND_RESULTS = {"ACCEPTED", "CANCELED_RESERVATION", "EVSE_OCCUPIED", "EVSE_INOPERATIVE",
        "FAILED", "NOT_SUPPORTED", "REJECTED", "TIMEOUT", "UNKNOWN_RESERVATION"};

    private final Random random;
    private final double hostile;
    private long clock;
    /** Tariffs the receiver holds: connectors refer to them, so that prices are computed from generated tariffs. */
    private final List<String> knownTariffs = new ArrayList<>();

    /** {@code hostile}: the probability that a field is replaced by a hostile value (or dropped). */
    OcpiObjectGenerator(Random random, double hostile) {
        this.random = random;
        this.hostile = hostile;
        this.clock = Instant.parse("2026-04-01T00:00:00Z").getEpochSecond();
    }

    void knownTariff(String id) {
        knownTariffs.add(id);
    }

    // ---- value spaces ----

    /** An id of 1..max printable ASCII characters, mostly plain, sometimes with characters URLs must escape. */
    String id(int max) {
        int length = 1 + random.nextInt(Math.min(max, random.nextInt(4) == 0 ? max : 8));
        var sb = new StringBuilder("F");
        while (sb.length() < length) {
            sb.append(random.nextInt(10) == 0 ? pick(ODD_ID_CHARS) : pick(ID_CHARS));
        }
        return sb.toString();
    }

    /** The id of a new object: as {@link #id}, or now and then one no object may have. */
    String objectId(int max) {
        if (random.nextDouble() < hostile * 3) {
            JsonNode id = hostileValue(Kind.ID);
            if (id.isString() && !id.asString().isEmpty()) {
                return id.asString();
            }
        }
        return id(max);
    }

    String text(int max) {
        var sb = new StringBuilder();
        int words = random.nextInt(4);
        for (int i = 0; i < words; i++) {
            sb.append(random.nextInt(4) == 0 ? pick(SCRIPTS) : id(10)).append(' ');
        }
        String s = sb.toString().strip();
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** A DateTime the spec allows, newer than every one before it: with or without Z, fraction, or an offset. */
    String newerDateTime() {
        clock += 1 + random.nextInt(3600);
        return dateTime(Instant.ofEpochSecond(clock));
    }

    String dateTime(Instant instant) {
        return switch (random.nextInt(5)) {
            case 0 -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
            case 1 -> DateTimeFormatter.ISO_INSTANT.format(instant.plusMillis(random.nextInt(1000)));
            case 2 -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofHours(2)));
            default -> DateTimeFormatter.ISO_INSTANT.format(instant);
        };
    }

    BigDecimal decimal(int maxInt) {
        return BigDecimal.valueOf(random.nextInt(maxInt * 10_000 + 1), random.nextInt(5));
    }

    String coordinate(int digits) {
        return (random.nextBoolean() ? "-" : "") + random.nextInt(digits == 2 ? 90 : 180) + "."
                + String.format("%0" + (5 + random.nextInt(3)) + "d", random.nextInt(100_000));
    }

    String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(String chars) {
        return String.valueOf(chars.charAt(random.nextInt(chars.length())));
    }

    // ---- hostile values ----

    /** What a field holds, so that a hostile value can be hostile in the way that matters for it. */
    enum Kind { ID, TEXT, DATETIME, DATE, TIME, ENUM, NUMBER, COORDINATE, OBJECT, ARRAY, BOOLEAN }

    /** A value no field of {@code kind} should accept as it stands; now and then one of another type. */
    JsonNode hostileValue(Kind kind) {
        if (random.nextInt(4) == 0) {
            return switch (random.nextInt(7)) {
                case 0 -> NODES.nullNode();
                case 1 -> NODES.booleanNode(random.nextBoolean());
                case 2 -> NODES.numberNode(random.nextInt());
                case 3 -> NODES.objectNode().put("nested", "object");
                case 4 -> NODES.arrayNode().add("NOT_AN_ENUM").add(1);
                case 5 -> NODES.numberNode(99_999_999_999L);
                default -> NODES.stringNode("");
            };
        }
        return switch (kind) {
            case ID -> NODES.stringNode(switch (random.nextInt(7)) {
                case 0 -> "x".repeat(37 + random.nextInt(40));
                case 1 -> "F\u0001\r\n" + random.nextInt(100);
                case 2 -> "Fü€中" + random.nextInt(100);
                case 3 -> random.nextBoolean() ? ".." : ".";
                case 4 -> "F/" + random.nextInt(100);
                case 5 -> "F\\" + random.nextInt(100);
                default -> "F\u202e" + random.nextInt(100);
            });
            case TEXT -> NODES.stringNode("t".repeat(256 + random.nextInt(5000)));
            case DATETIME -> NODES.stringNode(switch (random.nextInt(7)) {
                case 0 -> "2026-02-30T10:00:00Z";
                case 1 -> "+999999999-12-31T23:59:59Z";
                case 2 -> "+10000-01-01T00:00:00Z";
                case 3 -> "-0001-01-01T00:00:00Z";
                case 4 -> "2026-03-01 10:00";
                case 5 -> "2026-13-01T25:61:00Z";
                default -> "yesterday";
            });
            case DATE -> NODES.stringNode(switch (random.nextInt(4)) {
                case 0 -> "2024-02-30";
                case 1 -> "2024-13-01";
                case 2 -> "20240101";
                default -> "2024-1-1";
            });
            case TIME -> NODES.stringNode(random.nextBoolean() ? "24:00" : "7:5");
            case ENUM -> NODES.stringNode(random.nextBoolean() ? "NOT_AN_ENUM" : "available");
            case NUMBER -> switch (random.nextInt(4)) {
                case 0 -> NODES.numberNode(-1 - random.nextInt(1000));
                case 1 -> NODES.numberNode(new BigDecimal("1e" + (20 + random.nextInt(270))));
                case 2 -> NODES.numberNode(new BigDecimal("-1e" + (20 + random.nextInt(270))));
                default -> NODES.stringNode("12.5");
            };
            case COORDINATE -> NODES.stringNode(random.nextBoolean() ? "91.1234567" : "52.37");
            case OBJECT -> NODES.objectNode();
            case ARRAY -> NODES.arrayNode().add(NODES.nullNode());
            case BOOLEAN -> NODES.stringNode("yes");
        };
    }

    private boolean spoil() {
        return random.nextDouble() < hostile;
    }

    /** Sets a field: its generated value, or (rarely) a hostile one of its kind, or (rarely) nothing at all. */
    void put(ObjectNode object, String name, Kind kind, Supplier<Object> value) {
        // restriction dates are few and far between, and what goes wrong with them shows only when priced
        if (kind == Kind.DATE ? random.nextDouble() < hostile * 8 : spoil()) {
            if (random.nextInt(5) == 0) {
                return; // left out
            }
            object.set(name, hostileValue(kind));
            return;
        }
        object.set(name, node(value.get()));
    }

    /** An optional field: present half of the time. */
    void maybe(ObjectNode object, String name, Kind kind, Supplier<Object> value) {
        if (random.nextBoolean()) {
            put(object, name, kind, value);
        }
    }

    private static JsonNode node(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return NODES.stringNode(s);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        throw new IllegalArgumentException(String.valueOf(value));
    }

    <T> ArrayNode array(int min, int max, Supplier<T> element) {
        ArrayNode array = NODES.arrayNode();
        int n = min + random.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            array.add(node(element.get()));
        }
        return array;
    }

    /** Some of an object's fields (and always last_updated, usually newer), as a PATCH. */
    ObjectNode patchOf(ObjectNode full) {
        ObjectNode patch = NODES.objectNode();
        List<String> names = new ArrayList<>(full.propertyNames());
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n && !names.isEmpty(); i++) {
            String name = names.remove(random.nextInt(names.size()));
            patch.set(name, full.get(name));
        }
        switch (random.nextInt(12)) {
            case 0 -> patch.remove("last_updated");
            case 1 -> patch.put("last_updated", "2020-01-01T00:00:00Z"); // older: acknowledged, ignored
            case 2 -> patch.set("last_updated", hostileValue(Kind.DATETIME));
            default -> patch.put("last_updated", newerDateTime());
        }
        return patch;
    }

    // ---- OCPI objects ----

    ObjectNode location(String id) {
        ObjectNode l = NODES.objectNode();
        l.put("country_code", "NL");
        l.put("party_id", "SIM");
        l.put("id", id);
        put(l, "publish", Kind.BOOLEAN, random::nextBoolean);
        maybe(l, "name", Kind.TEXT, () -> text(255));
        put(l, "address", Kind.TEXT, () -> "Keizersgracht " + (1 + random.nextInt(999)) + " " + text(40));
        put(l, "city", Kind.TEXT, () -> random.nextBoolean() ? "Amsterdam" : "Ærø " + text(20));
        maybe(l, "postal_code", Kind.TEXT, () -> String.valueOf(1000 + random.nextInt(9000)));
        put(l, "country", Kind.ENUM, () -> random.nextBoolean() ? "NLD" : "DEU");
        put(l, "coordinates", Kind.OBJECT, this::geoLocation);
        maybe(l, "parking_type", Kind.ENUM, () -> pick(new String[] {"ALONG_MOTORWAY", "PARKING_GARAGE", "ON_STREET"}));
        put(l, "evses", Kind.ARRAY, () -> {
            ArrayNode evses = NODES.arrayNode();
            int n = random.nextInt(4);
            for (int i = 1; i <= n; i++) {
                evses.add(evse("E" + i));
            }
            return evses;
        });
        maybe(l, "directions", Kind.ARRAY, () -> array(0, 2, this::displayText));
        maybe(l, "facilities", Kind.ARRAY, () -> array(0, 3, () -> pick(new String[] {"HOTEL", "CAFE", "WIFI", "BUS_STOP"})));
        put(l, "time_zone", Kind.TEXT, () -> random.nextBoolean() ? "Europe/Amsterdam" : "Europe/Berlin");
        maybe(l, "opening_times", Kind.OBJECT, () -> {
            ObjectNode hours = NODES.objectNode();
            put(hours, "twentyfourseven", Kind.BOOLEAN, random::nextBoolean);
            maybe(hours, "regular_hours", Kind.ARRAY, () -> array(1, 2, () -> {
                ObjectNode r = NODES.objectNode();
                put(r, "weekday", Kind.NUMBER, () -> 1 + random.nextInt(7));
                put(r, "period_begin", Kind.TIME, () -> String.format("%02d:%02d", random.nextInt(12), random.nextInt(60)));
                put(r, "period_end", Kind.TIME, () -> String.format("%02d:%02d", 12 + random.nextInt(12), random.nextInt(60)));
                return r;
            }));
            return hours;
        });
        maybe(l, "energy_mix", Kind.OBJECT, () -> {
            ObjectNode mix = NODES.objectNode();
            put(mix, "is_green_energy", Kind.BOOLEAN, random::nextBoolean);
            maybe(mix, "energy_sources", Kind.ARRAY, () -> array(1, 2, () -> {
                ObjectNode source = NODES.objectNode();
                put(source, "source", Kind.ENUM, () -> pick(new String[] {"SOLAR", "WIND", "COAL"}));
                put(source, "percentage", Kind.NUMBER, () -> decimal(100));
                return source;
            }));
            return mix;
        });
        l.put("last_updated", newerDateTime());
        return l;
    }

    ObjectNode geoLocation() {
        ObjectNode g = NODES.objectNode();
        put(g, "latitude", Kind.COORDINATE, () -> coordinate(2));
        put(g, "longitude", Kind.COORDINATE, () -> coordinate(3));
        return g;
    }

    ObjectNode displayText() {
        ObjectNode t = NODES.objectNode();
        put(t, "language", Kind.ENUM, () -> random.nextBoolean() ? "en" : "nl");
        put(t, "text", Kind.TEXT, () -> text(512));
        return t;
    }

    /** EVSEs of one Location have distinct uids; the caller picks them. */
    ObjectNode evse(String uid) {
        ObjectNode e = NODES.objectNode();
        e.put("uid", uid);
        maybe(e, "evse_id", Kind.ID, () -> "NL*SIM*E" + random.nextInt(1000));
        put(e, "status", Kind.ENUM, () -> pick(EVSE_STATUS));
        maybe(e, "status_schedule", Kind.ARRAY, () -> array(1, 2, () -> {
            ObjectNode schedule = NODES.objectNode();
            put(schedule, "period_begin", Kind.DATETIME, this::newerDateTime);
            put(schedule, "status", Kind.ENUM, () -> pick(EVSE_STATUS));
            return schedule;
        }));
        maybe(e, "capabilities", Kind.ARRAY, () -> array(0, 3, () -> pick(new String[] {"RFID_READER",
            "REMOTE_START_STOP_CAPABLE", "CHARGING_PROFILE_CAPABLE", "START_SESSION_CONNECTOR_REQUIRED"})));
        ArrayNode connectors = NODES.arrayNode();
        int n = 1 + random.nextInt(3);
        for (int i = 1; i <= n; i++) {
            connectors.add(connector(String.valueOf(i)));
        }
        put(e, "connectors", Kind.ARRAY, () -> connectors);
        maybe(e, "floor_level", Kind.TEXT, () -> String.valueOf(random.nextInt(10)));
        maybe(e, "coordinates", Kind.OBJECT, this::geoLocation);
        maybe(e, "physical_reference", Kind.TEXT, () -> text(16));
        maybe(e, "parking_restrictions", Kind.ARRAY, () -> array(1, 2, () -> pick(new String[] {"EV_ONLY", "PLUGGED"})));
        e.put("last_updated", newerDateTime());
        return e;
    }

    ObjectNode connector(String id) {
        ObjectNode c = NODES.objectNode();
        c.put("id", id);
        put(c, "standard", Kind.ENUM, () -> pick(CONNECTOR_TYPES));
        put(c, "format", Kind.ENUM, () -> random.nextBoolean() ? "SOCKET" : "CABLE");
        put(c, "power_type", Kind.ENUM, () -> pick(new String[] {"AC_1_PHASE", "AC_3_PHASE", "DC"}));
        put(c, "max_voltage", Kind.NUMBER, () -> 200 + random.nextInt(800));
        put(c, "max_amperage", Kind.NUMBER, () -> 6 + random.nextInt(400));
        maybe(c, "max_electric_power", Kind.NUMBER, () -> random.nextInt(350_000));
        maybe(c, "tariff_ids", Kind.ARRAY, () -> array(0, 2, () -> knownTariffs.isEmpty() || random.nextInt(4) == 0
                ? id(36) : knownTariffs.get(random.nextInt(knownTariffs.size()))));
        maybe(c, "terms_and_conditions", Kind.TEXT, () -> "https://example.org/" + id(20));
        c.put("last_updated", newerDateTime());
        return c;
    }

    ObjectNode session(String id) {
        ObjectNode s = NODES.objectNode();
        s.put("country_code", "NL");
        s.put("party_id", "SIM");
        s.put("id", id);
        put(s, "start_date_time", Kind.DATETIME, () -> dateTime(Instant.parse("2026-03-01T10:00:00Z")));
        maybe(s, "end_date_time", Kind.DATETIME, () -> dateTime(Instant.parse("2026-03-01T11:00:00Z")));
        put(s, "kwh", Kind.NUMBER, () -> decimal(100));
        put(s, "cdr_token", Kind.OBJECT, this::cdrToken);
        put(s, "auth_method", Kind.ENUM, () -> pick(new String[] {"AUTH_REQUEST", "COMMAND", "WHITELIST"}));
        maybe(s, "authorization_reference", Kind.ID, () -> id(36));
        put(s, "location_id", Kind.ID, () -> id(36));
        put(s, "evse_uid", Kind.ID, () -> id(36));
        put(s, "connector_id", Kind.ID, () -> id(36));
        maybe(s, "meter_id", Kind.TEXT, () -> text(255));
        put(s, "currency", Kind.ENUM, () -> random.nextBoolean() ? "EUR" : "SEK");
        maybe(s, "charging_periods", Kind.ARRAY, () -> array(0, 3, this::chargingPeriod));
        maybe(s, "total_cost", Kind.OBJECT, this::price);
        put(s, "status", Kind.ENUM, () -> pick(SESSION_STATUS));
        s.put("last_updated", newerDateTime());
        return s;
    }

    ObjectNode cdrToken() {
        ObjectNode t = NODES.objectNode();
        t.put("country_code", "NL");
        t.put("party_id", "RYY");
        put(t, "uid", Kind.ID, () -> id(36));
        put(t, "type", Kind.ENUM, () -> pick(new String[] {"AD_HOC_USER", "APP_USER", "OTHER", "RFID"}));
        put(t, "contract_id", Kind.ID, () -> "NL-RYY-C" + random.nextInt(100_000));
        return t;
    }

    ObjectNode chargingPeriod() {
        ObjectNode p = NODES.objectNode();
        put(p, "start_date_time", Kind.DATETIME,
                () -> dateTime(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(random.nextInt(3600))));
        put(p, "dimensions", Kind.ARRAY, () -> array(1, 3, () -> {
            ObjectNode d = NODES.objectNode();
            put(d, "type", Kind.ENUM, () -> pick(DIMENSIONS));
            put(d, "volume", Kind.NUMBER, () -> decimal(50));
            return d;
        }));
        maybe(p, "tariff_id", Kind.ID, () -> id(36));
        return p;
    }

    ObjectNode price() {
        ObjectNode p = NODES.objectNode();
        BigDecimal excl = decimal(50);
        put(p, "excl_vat", Kind.NUMBER, () -> excl);
        maybe(p, "incl_vat", Kind.NUMBER, () -> excl.multiply(new BigDecimal("1.21")));
        return p;
    }

    ObjectNode cdr(String id) {
        ObjectNode c = NODES.objectNode();
        c.put("country_code", "NL");
        c.put("party_id", "SIM");
        c.put("id", id);
        put(c, "start_date_time", Kind.DATETIME, () -> dateTime(Instant.parse("2026-03-01T10:00:00Z")));
        put(c, "end_date_time", Kind.DATETIME, () -> dateTime(Instant.parse("2026-03-01T11:00:00Z")));
        maybe(c, "session_id", Kind.ID, () -> id(36));
        put(c, "cdr_token", Kind.OBJECT, this::cdrToken);
        put(c, "auth_method", Kind.ENUM, () -> pick(new String[] {"AUTH_REQUEST", "COMMAND", "WHITELIST"}));
        maybe(c, "authorization_reference", Kind.ID, () -> id(36));
        put(c, "cdr_location", Kind.OBJECT, () -> {
            ObjectNode l = NODES.objectNode();
            put(l, "id", Kind.ID, () -> id(36));
            put(l, "address", Kind.TEXT, () -> "Dam " + (1 + random.nextInt(99)));
            put(l, "city", Kind.TEXT, () -> "Amsterdam");
            put(l, "country", Kind.ENUM, () -> "NLD");
            put(l, "coordinates", Kind.OBJECT, this::geoLocation);
            put(l, "evse_uid", Kind.ID, () -> id(36));
            put(l, "evse_id", Kind.ID, () -> "NL*SIM*E" + random.nextInt(1000));
            put(l, "connector_id", Kind.ID, () -> id(36));
            put(l, "connector_standard", Kind.ENUM, () -> pick(CONNECTOR_TYPES));
            put(l, "connector_format", Kind.ENUM, () -> "SOCKET");
            put(l, "connector_power_type", Kind.ENUM, () -> "AC_3_PHASE");
            return l;
        });
        put(c, "currency", Kind.ENUM, () -> "EUR");
        maybe(c, "tariffs", Kind.ARRAY, () -> NODES.arrayNode().add(tariff(id(36), "NL", "SIM")));
        put(c, "charging_periods", Kind.ARRAY, () -> array(1, 3, this::chargingPeriod));
        maybe(c, "signed_data", Kind.OBJECT, () -> NODES.objectNode().put("encoding_method", text(36)));
        put(c, "total_cost", Kind.OBJECT, this::price);
        maybe(c, "total_fixed_cost", Kind.OBJECT, this::price);
        put(c, "total_energy", Kind.NUMBER, () -> decimal(100));
        put(c, "total_time", Kind.NUMBER, () -> decimal(10));
        maybe(c, "total_parking_time", Kind.NUMBER, () -> decimal(10));
        maybe(c, "remark", Kind.TEXT, () -> text(255));
        maybe(c, "credit", Kind.BOOLEAN, () -> false);
        c.put("last_updated", newerDateTime());
        return c;
    }

    ObjectNode tariff(String id, String countryCode, String partyId) {
        ObjectNode t = NODES.objectNode();
        t.put("country_code", countryCode);
        t.put("party_id", partyId);
        t.put("id", id);
        put(t, "currency", Kind.ENUM, () -> "EUR");
        maybe(t, "type", Kind.ENUM, () -> pick(new String[] {"AD_HOC_PAYMENT", "PROFILE_CHEAP", "REGULAR"}));
        maybe(t, "tariff_alt_text", Kind.ARRAY, () -> array(0, 2, this::displayText));
        put(t, "elements", Kind.ARRAY, () -> array(1, 3, this::tariffElement));
        maybe(t, "min_price", Kind.OBJECT, this::price);
        maybe(t, "start_date_time", Kind.DATETIME, () -> dateTime(Instant.parse("2026-01-01T00:00:00Z")));
        maybe(t, "end_date_time", Kind.DATETIME, () -> dateTime(Instant.parse("2027-01-01T00:00:00Z")));
        t.put("last_updated", newerDateTime());
        return t;
    }

    ObjectNode tariffElement() {
        ObjectNode e = NODES.objectNode();
        put(e, "price_components", Kind.ARRAY, () -> array(1, 3, () -> {
            ObjectNode p = NODES.objectNode();
            put(p, "type", Kind.ENUM, () -> pick(new String[] {"ENERGY", "FLAT", "PARKING_TIME", "TIME"}));
            put(p, "price", Kind.NUMBER, () -> decimal(5));
            maybe(p, "vat", Kind.NUMBER, () -> decimal(25));
            put(p, "step_size", Kind.NUMBER, () -> 1 + random.nextInt(900));
            return p;
        }));
        maybe(e, "restrictions", Kind.OBJECT, () -> {
            ObjectNode r = NODES.objectNode();
            maybe(r, "start_time", Kind.TIME, () -> String.format("%02d:%02d", random.nextInt(24), random.nextInt(60)));
            maybe(r, "end_time", Kind.TIME, () -> String.format("%02d:%02d", random.nextInt(24), random.nextInt(60)));
            maybe(r, "start_date", Kind.DATE, () -> String.format("2026-%02d-%02d", 1 + random.nextInt(12),
                    1 + random.nextInt(28)));
            maybe(r, "end_date", Kind.DATE, () -> String.format("2027-%02d-%02d", 1 + random.nextInt(12),
                    1 + random.nextInt(28)));
            maybe(r, "min_kwh", Kind.NUMBER, () -> decimal(20));
            maybe(r, "max_power", Kind.NUMBER, () -> decimal(350));
            maybe(r, "max_duration", Kind.NUMBER, () -> random.nextInt(86_400));
            maybe(r, "day_of_week", Kind.ARRAY, () -> array(1, 3, () -> pick(new String[] {"MONDAY", "FRIDAY", "SUNDAY"})));
            return r;
        });
        return e;
    }

    ObjectNode commandResult() {
        ObjectNode r = NODES.objectNode();
        put(r, "result", Kind.ENUM, () -> pick(COMMAND_RESULTS));
        maybe(r, "message", Kind.ARRAY, () -> array(0, 2, this::displayText));
        return r;
    }

    ObjectNode profileResult() {
        ObjectNode r = NODES.objectNode();
        put(r, "result", Kind.ENUM, () -> pick(new String[] {"ACCEPTED", "REJECTED", "UNKNOWN"}));
        maybe(r, "profile", Kind.OBJECT, this::activeProfile);
        return r;
    }

    ObjectNode activeProfile() {
        ObjectNode a = NODES.objectNode();
        put(a, "start_date_time", Kind.DATETIME, this::newerDateTime);
        put(a, "charging_profile", Kind.OBJECT, () -> {
            ObjectNode p = NODES.objectNode();
            put(p, "charging_rate_unit", Kind.ENUM, () -> random.nextBoolean() ? "W" : "A");
            maybe(p, "duration", Kind.NUMBER, () -> random.nextInt(86_400));
            maybe(p, "min_charging_rate", Kind.NUMBER, () -> decimal(10));
            put(p, "charging_profile_period", Kind.ARRAY, () -> array(1, 3, () -> {
                ObjectNode period = NODES.objectNode();
                put(period, "start_period", Kind.NUMBER, () -> random.nextInt(3600));
                put(period, "limit", Kind.NUMBER, () -> decimal(50_000));
                return period;
            }));
            return p;
        });
        return a;
    }

    ObjectNode clientInfo(String countryCode, String partyId) {
        ObjectNode c = NODES.objectNode();
        c.put("party_id", partyId);
        c.put("country_code", countryCode);
        put(c, "role", Kind.ENUM, () -> "CPO");
        put(c, "status", Kind.ENUM, () -> pick(new String[] {"CONNECTED", "OFFLINE", "PLANNED", "SUSPENDED"}));
        put(c, "last_updated", Kind.DATETIME, this::newerDateTime);
        return c;
    }

    ObjectNode locationReferences(String locationId) {
        ObjectNode r = NODES.objectNode();
        put(r, "location_id", Kind.ID, () -> locationId);
        maybe(r, "evse_uids", Kind.ARRAY, () -> array(0, 3, () -> id(36)));
        return r;
    }

    /** The last_updated of an object, sometimes made hostile after the fact (it is set outside {@link #put}). */
    void spoilLastUpdated(ObjectNode object) {
        if (spoil()) {
            object.set("last_updated", hostileValue(Kind.DATETIME));
        }
    }
}
