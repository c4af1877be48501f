package com.rollyy.emsp.ocpi;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The 2.2.1 message routing headers (OCPI-from/to-country-code, OCPI-from/to-party-id). They
 * name parties, not platforms; a response carries them swapped.
 */
public record OcpiRoutingHeaders(String fromCountryCode, String fromPartyId, String toCountryCode, String toPartyId) {

    public static final String ATTRIBUTE = "com.rollyy.emsp.ocpi.routing";
    public static final String FROM_COUNTRY_CODE = "OCPI-from-country-code";
    public static final String FROM_PARTY_ID = "OCPI-from-party-id";
    public static final String TO_COUNTRY_CODE = "OCPI-to-country-code";
    public static final String TO_PARTY_ID = "OCPI-to-party-id";

    public static OcpiRoutingHeaders between(OcpiParty from, OcpiParty to) {
        return new OcpiRoutingHeaders(from.countryCode(), from.partyId(),
                to == null ? null : to.countryCode(), to == null ? null : to.partyId());
    }

    /** Reads the headers; null when the request carries none of them. */
    public static OcpiRoutingHeaders read(Function<String, String> header) {
        var headers = new OcpiRoutingHeaders(header.apply(FROM_COUNTRY_CODE), header.apply(FROM_PARTY_ID),
                header.apply(TO_COUNTRY_CODE), header.apply(TO_PARTY_ID));
        return headers.isEmpty() ? null : headers;
    }

    /** 2001 when a header is present but not a CiString of the right length. */
    public OcpiRoutingHeaders validated() {
        check(FROM_COUNTRY_CODE, fromCountryCode, 2);
        check(FROM_PARTY_ID, fromPartyId, 3);
        check(TO_COUNTRY_CODE, toCountryCode, 2);
        check(TO_PARTY_ID, toPartyId, 3);
        return this;
    }

    public OcpiRoutingHeaders swapped() {
        return new OcpiRoutingHeaders(toCountryCode, toPartyId, fromCountryCode, fromPartyId);
    }

    public OcpiParty from() {
        return fromCountryCode == null ? null : new OcpiParty(fromCountryCode, fromPartyId, null);
    }

    public OcpiParty to() {
        return toCountryCode == null ? null : new OcpiParty(toCountryCode, toPartyId, null);
    }

    public void writeTo(BiConsumer<String, String> header) {
        put(header, FROM_COUNTRY_CODE, fromCountryCode);
        put(header, FROM_PARTY_ID, fromPartyId);
        put(header, TO_COUNTRY_CODE, toCountryCode);
        put(header, TO_PARTY_ID, toPartyId);
    }

    private boolean isEmpty() {
        return fromCountryCode == null && fromPartyId == null && toCountryCode == null && toPartyId == null;
    }

    private static void put(BiConsumer<String, String> header, String name, String value) {
        if (value != null) {
            header.accept(name, value);
        }
    }

    private static void check(String name, String value, int length) {
        if (value != null && (value.length() != length || !AuthorizationHeader.isPrintableAscii(value))) {
            throw OcpiException.invalidParameter("Header " + name + " must be a CiString of " + length
                    + " printable characters");
        }
    }
}
