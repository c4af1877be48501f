package com.rollyy.cposim.locations;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;

import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.cposim.ocpi.Json;

/**
 * The simulator's Locations and Tariffs. Nothing is stored per object: every Location (with its
 * EVSEs and Connectors) and every Tariff is derived from its 1-based index and the seed when it
 * is written, straight into a Jackson generator. Only explicit changes ({@link #touchLocation},
 * {@link #setEvseStatus}) are kept, in a small sorted map.
 *
 * <p>The same config always gives byte-identical JSON. Location {@code i} was last updated at
 * {@link #LOCATIONS_BASE} plus {@code i} minutes and Tariff {@code i} at {@link #TARIFFS_BASE}
 * plus {@code i} hours, so ordering by index is ordering by {@code last_updated} (until a change
 * is recorded) and {@code date_from}/{@code date_to} select contiguous ranges.
 */
public final class Dataset {

    static final Instant LOCATIONS_BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant TARIFFS_BASE = Instant.parse("2025-12-01T00:00:00Z");

    /** OCPI 2.2.1 Status values. */
    public static final Set<String> STATUSES = Set.of("AVAILABLE", "BLOCKED", "CHARGING", "INOPERATIVE", "OUTOFORDER",
            "PLANNED", "REMOVED", "RESERVED", "UNKNOWN");

    /** A Location is placed in the city nearest to its coordinates. */
    private static final String[] CITIES = {"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven",
        "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede",
        "Amersfoort", "Zaanstad", "Den Bosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Leeuwarden",
        "Middelburg", "Emmen", "Den Helder"};
    private static final int[] POSTAL_BASE = {1011, 3011, 2511, 3511, 5611, 9711, 5011, 1311, 4811, 6511, 7311,
        2011, 6811, 7511, 3811, 1501, 5211, 8011, 2311, 6211, 3311, 8911, 4331, 7811, 1781};
    /** Latitude and longitude of each city, in micro-degrees. */
    private static final int[][] CITY_CENTRES = {{52_367_600, 4_904_100}, {51_924_400, 4_477_700},
        {52_070_500, 4_300_700}, {52_090_700, 5_121_400}, {51_441_600, 5_469_700}, {53_219_400, 6_566_500},
        {51_555_500, 5_091_300}, {52_350_800, 5_264_700}, {51_571_900, 4_768_300}, {51_812_600, 5_837_200},
        {52_211_200, 5_969_900}, {52_387_400, 4_646_200}, {51_985_100, 5_898_700}, {52_221_500, 6_893_700},
        {52_156_100, 5_387_800}, {52_455_900, 4_811_700}, {51_697_800, 5_303_700}, {52_516_800, 6_083_000},
        {52_160_100, 4_497_000}, {50_851_400, 5_691_000}, {51_813_300, 4_690_100}, {53_201_200, 5_799_900},
        {51_498_800, 3_613_600}, {52_779_200, 6_906_900}, {52_956_300, 4_760_100}};
    private static final String[] STREETS = {"Stationsplein", "Marktstraat", "Kerkstraat", "Dorpsstraat",
        "Schoolstraat", "Molenweg", "Julianalaan", "Beatrixlaan", "Parkweg", "Industrieweg", "Havenkade",
        "Spoorlaan", "Nieuwe Gracht", "Oranjelaan", "Wilhelminastraat", "Zuiderweg", "Noordsingel",
        "Laan van Nieuw Oost", "Energieweg", "Europaplein"};
    private static final String[] AC_PARKING = {"ON_STREET", "ON_STREET", "ON_STREET", "PARKING_LOT",
        "PARKING_GARAGE", "UNDERGROUND_GARAGE", "ON_DRIVEWAY"};
    private static final String[] DC_PARKING = {"ALONG_MOTORWAY", "ALONG_MOTORWAY", "PARKING_LOT", "PARKING_LOT",
        "PARKING_GARAGE"};
    private static final String[] WEEKDAYS = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"};
    private static final String[] MONDAY_TO_SATURDAY = {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY",
        "SATURDAY"};
    private static final String LETTERS = "ABCDEGHJKLMNPRSTVWXZ";
    private static final BigDecimal VAT = new BigDecimal("21.0");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_INSTANT;

    /** What {@link #touchLocation}/{@link #setEvseStatus} recorded for one Location. */
    private record Change(Instant lastUpdated, Map<Integer, EvseChange> evses) {
    }

    private record EvseChange(String status, Instant lastUpdated) {
    }

    private final String countryCode;
    private final String partyId;
    private final String operatorName;
    private final int locationCount;
    private final int evsesPerLocation;
    private final int tariffCount;
    private final long seed;
    /** Off by default, so the generated dataset stays what it always was. */
    private volatile boolean preferencesCapable;
    private final NavigableMap<Integer, Change> changes = new ConcurrentSkipListMap<>();
    /** Locations served as given instead of generated (a CPO sending malformed objects). */
    private final Map<Integer, String> rawLocations = new java.util.concurrent.ConcurrentHashMap<>();

    /** Serves {@code json} as Location {@code index} from now on, byte for byte. */
    public void serveRawLocation(int index, String json) {
        requireLocation(index);
        rawLocations.put(index, json);
    }

    public Dataset(SimulatorConfig config) {
        this.countryCode = config.countryCode();
        this.partyId = config.partyId();
        this.operatorName = config.businessName();
        this.locationCount = config.locationCount();
        this.evsesPerLocation = config.evsesPerLocation();
        this.tariffCount = config.tariffCount();
        this.seed = config.datasetSeed();
    }

    int locationCount() {
        return locationCount;
    }

    int evsesPerLocation() {
        return evsesPerLocation;
    }

    int tariffCount() {
        return tariffCount;
    }

    String countryCode() {
        return countryCode;
    }

    String partyId() {
        return partyId;
    }

    // ---- ids ---------------------------------------------------------------------------------

    public void preferencesCapable(boolean on) {
        this.preferencesCapable = on;
    }

    public static String locationId(int index) {
        String digits = Integer.toString(index);
        return digits.length() >= 6 ? "LOC" + digits : "LOC" + "000000".substring(digits.length()) + digits;
    }

    public static String evseUid(int index, int evseNumber) {
        return locationId(index) + "-E" + evseNumber;
    }

    public static String tariffId(int index) {
        return "TARIFF" + index;
    }

    /** The index of a Location id (CiString: case-insensitive), if it is one of ours. */
    public OptionalInt locationIndex(String id) {
        if (id == null || id.length() < 4 || !id.regionMatches(true, 0, "LOC", 0, 3)) {
            return OptionalInt.empty();
        }
        int index = parseDigits(id, 3);
        return index >= 1 && index <= locationCount && locationId(index).equalsIgnoreCase(id)
                ? OptionalInt.of(index) : OptionalInt.empty();
    }

    /** The index of a Tariff id (CiString), if it is one of ours. */
    OptionalInt tariffIndex(String id) {
        if (id == null || id.length() < 7 || !id.regionMatches(true, 0, "TARIFF", 0, 6)) {
            return OptionalInt.empty();
        }
        int index = parseDigits(id, 6);
        return index >= 1 && index <= tariffCount && tariffId(index).equalsIgnoreCase(id)
                ? OptionalInt.of(index) : OptionalInt.empty();
    }

    /** The EVSE number of an EVSE uid within Location {@code index}, if it exists. */
    OptionalInt evseNumber(int index, String uid) {
        String prefix = locationId(index) + "-E";
        if (uid == null || uid.length() <= prefix.length() || !uid.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return OptionalInt.empty();
        }
        int number = parseDigits(uid, prefix.length());
        return number >= 1 && number <= evsesPerLocation && evseUid(index, number).equalsIgnoreCase(uid)
                ? OptionalInt.of(number) : OptionalInt.empty();
    }

    /** The Connector number of a Connector id of an EVSE, if it exists. */
    OptionalInt connectorNumber(int index, int evseNumber, String id) {
        int number = id == null ? -1 : parseDigits(id, 0);
        return number >= 1 && number <= connectorCount(index, evseNumber) && Integer.toString(number).equals(id)
                ? OptionalInt.of(number) : OptionalInt.empty();
    }

    private static int parseDigits(String text, int from) {
        if (from >= text.length() || text.length() - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    // ---- changes -----------------------------------------------------------------------------

    public void touchLocation(int index, Instant lastUpdated) {
        requireLocation(index);
        Instant at = millis(lastUpdated);
        changes.compute(index, (key, old) -> new Change(at, old == null ? Map.of() : old.evses()));
    }

    public void setEvseStatus(int index, int evseNumber, String status, Instant lastUpdated) {
        requireEvse(index, evseNumber);
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("not an OCPI 2.2.1 Status: " + status);
        }
        Instant at = millis(lastUpdated);
        // the spec: an EVSE change moves the parent Location's last_updated to the same value
        changes.compute(index, (key, old) -> {
            Map<Integer, EvseChange> evses = new TreeMap<>(old == null ? Map.of() : old.evses());
            evses.put(evseNumber, new EvseChange(status, at));
            return new Change(at, Map.copyOf(evses));
        });
    }

    /** A consistent copy of the effective {@code last_updated} of every changed Location, by index. */
    NavigableMap<Integer, Instant> changedLocations() {
        NavigableMap<Integer, Instant> copy = new TreeMap<>();
        changes.forEach((index, change) -> copy.put(index, change.lastUpdated()));
        return copy;
    }

    /** DateTime values are string(25): keep at most milliseconds, which is also what gets compared. */
    private static Instant millis(Instant instant) {
        return Objects.requireNonNull(instant, "lastUpdated").truncatedTo(ChronoUnit.MILLIS);
    }

    void requireLocation(int index) {
        if (index < 1 || index > locationCount) {
            throw new IllegalArgumentException("location index must be 1.." + locationCount + ": " + index);
        }
    }

    public void requireEvse(int index, int evseNumber) {
        requireLocation(index);
        if (evseNumber < 1 || evseNumber > evsesPerLocation) {
            throw new IllegalArgumentException("EVSE number must be 1.." + evsesPerLocation + ": " + evseNumber);
        }
    }

    void requireTariff(int index) {
        if (index < 1 || index > tariffCount) {
            throw new IllegalArgumentException("tariff index must be 1.." + tariffCount + ": " + index);
        }
    }

    // ---- timestamps --------------------------------------------------------------------------

    static Instant baseLocationLastUpdated(int index) {
        return LOCATIONS_BASE.plusSeconds(60L * index);
    }

    static Instant tariffLastUpdated(int index) {
        return TARIFFS_BASE.plusSeconds(3600L * index);
    }

    Instant locationLastUpdated(int index) {
        Change change = changes.get(index);
        return change != null ? change.lastUpdated() : baseLocationLastUpdated(index);
    }

    // ---- deterministic choices ---------------------------------------------------------------

    /** SplitMix64's finaliser: a cheap, well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private long locationHash(int index) {
        return mix(seed * 0x9E3779B97F4A7C15L + index);
    }

    private long tariffHash(int index) {
        return mix(~seed * 0x9E3779B97F4A7C15L + index);
    }

    /** The k-th independent value derived from a hash, in {@code 0..n-1}. */
    private static int pick(long hash, int k, int n) {
        return (int) Math.floorMod(mix(hash + 0xD1B54A32D192ED03L * k), (long) n);
    }

    private static long evseHash(long locationHash, int evseNumber) {
        return mix(locationHash + 0x632BE59BD9B4E019L * evseNumber);
    }

    private boolean isDc(long hash) {
        return pick(hash, 6, 10) < 3;
    }

    int connectorCount(int index, int evseNumber) {
        long hash = locationHash(index);
        return isDc(hash) && pick(evseHash(hash, evseNumber), 2, 10) < 6 ? 2 : 1;
    }

    // ---- JSON --------------------------------------------------------------------------------

    public String locationJson(int index) {
        requireLocation(index);
        return json(g -> writeLocation(g, index));
    }

    public String evseJson(int index, int evseNumber) {
        requireEvse(index, evseNumber);
        return json(g -> writeEvse(g, index, evseNumber));
    }

    String connectorJson(int index, int evseNumber, int connectorNumber) {
        requireEvse(index, evseNumber);
        return json(g -> writeConnector(g, index, evseNumber, connectorNumber));
    }

    public String tariffJson(int index) {
        requireTariff(index);
        return json(g -> writeTariff(g, index));
    }

    private static String json(Consumer<JsonGenerator> writer) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = Json.generator(out)) {
            writer.accept(g);
        }
        return out.toString();
    }

    void writeLocation(JsonGenerator g, int index) {
        String raw = rawLocations.get(index);
        if (raw != null) {
            g.writeRawValue(raw);
            return;
        }
        long hash = locationHash(index);
        boolean dc = isDc(hash);
        int latitude = 50_750_000 + pick(hash, 4, 2_800_001);
        int longitude = 3_350_000 + pick(hash, 5, 3_850_001);
        int city = nearestCity(latitude, longitude);
        String street = STREETS[pick(hash, 2, STREETS.length)];
        Change change = changes.get(index);
        String baseTime = DATE_TIME.format(baseLocationLastUpdated(index));

        g.writeStartObject();
        g.writeStringProperty("country_code", countryCode);
        g.writeStringProperty("party_id", partyId);
        g.writeStringProperty("id", locationId(index));
        g.writeBooleanProperty("publish", true);
        g.writeStringProperty("name", (dc ? "Snellaadplein " : "Laadpunt ") + street + " " + CITIES[city]);
        g.writeStringProperty("address", street + " " + (1 + pick(hash, 3, 240)));
        g.writeStringProperty("city", CITIES[city]);
        g.writeStringProperty("postal_code", (POSTAL_BASE[city] + pick(hash, 8, 80)) + " "
                + LETTERS.charAt(pick(hash, 9, LETTERS.length())) + LETTERS.charAt(pick(hash, 10, LETTERS.length())));
        g.writeStringProperty("country", "NLD");
        g.writeObjectPropertyStart("coordinates");
        g.writeStringProperty("latitude", microDegrees(latitude));
        g.writeStringProperty("longitude", microDegrees(longitude));
        g.writeEndObject();
        g.writeStringProperty("parking_type", dc ? DC_PARKING[pick(hash, 7, DC_PARKING.length)]
                : AC_PARKING[pick(hash, 7, AC_PARKING.length)]);
        g.writeArrayPropertyStart("evses");
        for (int n = 1; n <= evsesPerLocation; n++) {
            writeEvse(g, index, hash, n, baseTime, change);
        }
        g.writeEndArray();
        g.writeObjectPropertyStart("operator");
        g.writeStringProperty("name", operatorName);
        g.writeEndObject();
        g.writeStringProperty("time_zone", "Europe/Amsterdam");
        g.writeObjectPropertyStart("opening_times");
        boolean alwaysOpen = dc || pick(hash, 11, 10) < 8;
        g.writeBooleanProperty("twentyfourseven", alwaysOpen);
        if (!alwaysOpen) {
            g.writeArrayPropertyStart("regular_hours");
            for (int weekday = 1; weekday <= 7; weekday++) {
                g.writeStartObject();
                g.writeNumberProperty("weekday", weekday);
                g.writeStringProperty("period_begin", weekday <= 5 ? "07:00" : "09:00");
                g.writeStringProperty("period_end", weekday <= 5 ? "23:00" : "21:00");
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        if (!alwaysOpen) {
            g.writeBooleanProperty("charging_when_closed", false);
        }
        g.writeStringProperty("last_updated", change != null ? DATE_TIME.format(change.lastUpdated()) : baseTime);
        g.writeEndObject();
    }

    void writeEvse(JsonGenerator g, int index, int evseNumber) {
        writeEvse(g, index, locationHash(index), evseNumber, DATE_TIME.format(baseLocationLastUpdated(index)),
                changes.get(index));
    }

    private void writeEvse(JsonGenerator g, int index, long hash, int n, String baseTime, Change change) {
        long evse = evseHash(hash, n);
        boolean dc = isDc(hash);
        EvseChange evseChange = change == null ? null : change.evses().get(n);
        int connectors = connectorCount(index, n);
        boolean cardPayable = dc && pick(evse, 4, 2) == 0;

        g.writeStartObject();
        g.writeStringProperty("uid", evseUid(index, n));
        g.writeStringProperty("evse_id", countryCode.toUpperCase(Locale.ROOT) + "*" + partyId.toUpperCase(Locale.ROOT)
                + "*E" + index + "*" + n);
        g.writeStringProperty("status", evseChange != null ? evseChange.status() : status(pick(evse, 1, 100)));
        g.writeArrayPropertyStart("capabilities");
        g.writeString("RFID_READER");
        g.writeString("REMOTE_START_STOP_CAPABLE");
        if (preferencesCapable) {
            g.writeString("CHARGING_PREFERENCES_CAPABLE");
        }
        if (dc) {
            g.writeString("CONTACTLESS_CARD_SUPPORT");
        } else {
            g.writeString("UNLOCK_CAPABLE");
        }
        if (cardPayable) {
            g.writeString("CREDIT_CARD_PAYABLE");
        }
        if (pick(evse, 3, 4) == 0) {
            g.writeString("RESERVABLE");
        }
        if (connectors > 1) {
            g.writeString("START_SESSION_CONNECTOR_REQUIRED");
        }
        g.writeEndArray();
        g.writeArrayPropertyStart("connectors");
        for (int c = 1; c <= connectors; c++) {
            writeConnector(g, hash, evse, c, cardPayable, baseTime);
        }
        g.writeEndArray();
        g.writeStringProperty("physical_reference", Integer.toString(n));
        g.writeStringProperty("last_updated", evseChange != null ? DATE_TIME.format(evseChange.lastUpdated()) : baseTime);
        g.writeEndObject();
    }

    private static String status(int percentile) {
        if (percentile < 80) {
            return "AVAILABLE";
        }
        return percentile < 94 ? "CHARGING" : "OUTOFORDER";
    }

    void writeConnector(JsonGenerator g, int index, int evseNumber, int connectorNumber) {
        long hash = locationHash(index);
        long evse = evseHash(hash, evseNumber);
        writeConnector(g, hash, evse, connectorNumber, isDc(hash) && pick(evse, 4, 2) == 0,
                DATE_TIME.format(baseLocationLastUpdated(index)));
    }

    /**
     * AC: a Type 2 socket, 3-phase 230 V (line to neutral, as the spec wants) at 16 or 32 A.
     * DC: a CCS cable, 500 V; a second connector on a DC EVSE is a 43 kW Type 2 cable.
     */
    private void writeConnector(JsonGenerator g, long hash, long evse, int c, boolean cardPayable, String time) {
        boolean dcConnector = isDc(hash) && c == 1;
        g.writeStartObject();
        g.writeStringProperty("id", Integer.toString(c));
        if (dcConnector) {
            boolean ultra = pick(evse, 5, 3) == 0;
            g.writeStringProperty("standard", "IEC_62196_T2_COMBO");
            g.writeStringProperty("format", "CABLE");
            g.writeStringProperty("power_type", "DC");
            g.writeNumberProperty("max_voltage", ultra ? 920 : 500);
            g.writeNumberProperty("max_amperage", ultra ? 400 : 125);
            g.writeNumberProperty("max_electric_power", ultra ? 350_000 : 50_000);
        } else if (isDc(hash)) {
            g.writeStringProperty("standard", "IEC_62196_T2");
            g.writeStringProperty("format", "CABLE");
            g.writeStringProperty("power_type", "AC_3_PHASE");
            g.writeNumberProperty("max_voltage", 230);
            g.writeNumberProperty("max_amperage", 63);
            g.writeNumberProperty("max_electric_power", 43_000);
        } else {
            boolean fast = pick(hash, 12, 3) != 0;
            g.writeStringProperty("standard", "IEC_62196_T2");
            g.writeStringProperty("format", "SOCKET");
            g.writeStringProperty("power_type", "AC_3_PHASE");
            g.writeNumberProperty("max_voltage", 230);
            g.writeNumberProperty("max_amperage", fast ? 32 : 16);
            g.writeNumberProperty("max_electric_power", fast ? 22_000 : 11_000);
        }
        if (tariffCount > 0) {
            // at most one tariff per TariffType: one REGULAR, plus the AD_HOC_PAYMENT one where cards are taken
            g.writeArrayPropertyStart("tariff_ids");
            g.writeString(tariffId(dcConnector ? dcTariff(hash) : acTariff(hash)));
            int adHoc = tariffCount / 3;
            if (cardPayable && adHoc > 0) {
                g.writeString(tariffId(3 * pick(hash, 15, adHoc) + 3));
            }
            g.writeEndArray();
        }
        g.writeStringProperty("last_updated", time);
        g.writeEndObject();
    }

    /** Tariffs 1, 4, 7.. are AC tariffs; 2, 5, 8.. DC tariffs; 3, 6, 9.. ad hoc payment tariffs. */
    private int acTariff(long hash) {
        return 3 * pick(hash, 13, (tariffCount + 2) / 3) + 1;
    }

    private int dcTariff(long hash) {
        int dc = (tariffCount + 1) / 3;
        return dc == 0 ? acTariff(hash) : 3 * pick(hash, 14, dc) + 2;
    }

    void writeTariff(JsonGenerator g, int index) {
        long hash = tariffHash(index);
        int cents = pick(hash, 1, 10);
        g.writeStartObject();
        g.writeStringProperty("country_code", countryCode);
        g.writeStringProperty("party_id", partyId);
        g.writeStringProperty("id", tariffId(index));
        g.writeStringProperty("currency", "EUR");
        switch (index % 3) {
            case 1:
                g.writeStringProperty("type", "REGULAR");
                altText(g, "Standard AC tariff: cheaper energy at night and at weekends, parking fee during the day.");
                g.writeArrayPropertyStart("elements");
                element(g, "ENERGY", 35 + cents, 1);
                timeWindow(g, "07:00", "23:00", WEEKDAYS);
                g.writeEndObject();
                element(g, "ENERGY", 27 + cents, 1);
                g.writeEndObject();
                element(g, "PARKING_TIME", 200, 300);
                timeWindow(g, "09:00", "18:00", MONDAY_TO_SATURDAY);
                g.writeEndObject();
                g.writeEndArray();
                break;
            case 2:
                g.writeStringProperty("type", "REGULAR");
                altText(g, "Fast charging: a lower energy price up to 50 kW, a time fee after the first hour.");
                g.writeArrayPropertyStart("elements");
                element(g, "ENERGY", 59 + cents, 1);
                g.writeObjectPropertyStart("restrictions");
                g.writeNumberProperty("max_power", new BigDecimal("50.00"));
                g.writeEndObject();
                g.writeEndObject();
                element(g, "ENERGY", 69 + cents, 1);
                g.writeEndObject();
                element(g, "TIME", 600, 60);
                g.writeObjectPropertyStart("restrictions");
                g.writeNumberProperty("min_duration", 3600);
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
                break;
            default:
                g.writeStringProperty("type", "AD_HOC_PAYMENT");
                altText(g, "Pay by card at the charger: a start fee plus energy.");
                g.writeArrayPropertyStart("elements");
                g.writeStartObject();
                g.writeArrayPropertyStart("price_components");
                priceComponent(g, "FLAT", 50, 1);
                priceComponent(g, "ENERGY", 79 + cents, 1);
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndArray();
                break;
        }
        g.writeStringProperty("last_updated", DATE_TIME.format(tariffLastUpdated(index)));
        g.writeEndObject();
    }

    private static void altText(JsonGenerator g, String text) {
        g.writeArrayPropertyStart("tariff_alt_text");
        g.writeStartObject();
        g.writeStringProperty("language", "en");
        g.writeStringProperty("text", text);
        g.writeEndObject();
        g.writeEndArray();
    }

    /** Opens a TariffElement with one PriceComponent; the caller may add restrictions, then closes it. */
    private static void element(JsonGenerator g, String type, int cents, int stepSize) {
        g.writeStartObject();
        g.writeArrayPropertyStart("price_components");
        priceComponent(g, type, cents, stepSize);
        g.writeEndArray();
    }

    private static void priceComponent(JsonGenerator g, String type, int cents, int stepSize) {
        g.writeStartObject();
        g.writeStringProperty("type", type);
        g.writeNumberProperty("price", BigDecimal.valueOf(cents, 2));
        g.writeNumberProperty("vat", VAT);
        g.writeNumberProperty("step_size", stepSize);
        g.writeEndObject();
    }

    private static void timeWindow(JsonGenerator g, String start, String end, String[] days) {
        g.writeObjectPropertyStart("restrictions");
        g.writeStringProperty("start_time", start);
        g.writeStringProperty("end_time", end);
        g.writeArrayPropertyStart("day_of_week");
        for (String day : days) {
            g.writeString(day);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static int nearestCity(int latitude, int longitude) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < CITY_CENTRES.length; i++) {
            double north = CITY_CENTRES[i][0] - latitude;
            double east = (CITY_CENTRES[i][1] - longitude) * 0.616;  // cos(52°): a degree east is shorter
            double distance = north * north + east * east;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }

    /** {@code 52123456} → {@code "52.123456"}: the GeoLocation regex wants 5 to 7 decimals. */
    static String microDegrees(int micro) {
        String fraction = Integer.toString(micro % 1_000_000);
        return (micro / 1_000_000) + "." + "000000".substring(fraction.length()) + fraction;
    }
}
