package com.rollyy.emsp.support;

/** OCPI 2.2.1 objects as JSON, for tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String connector(String id, String lastUpdated, String tariffId) {
        return """
                {"id":"%s","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,
                 "max_amperage":16,"max_electric_power":11000,"tariff_ids":["%s"],"last_updated":"%s"}"""
                .formatted(id, tariffId, lastUpdated);
    }

    public static String evse(String uid, String status, String lastUpdated) {
        return """
                {"uid":"%s","evse_id":"NL*SIM*E%s","status":"%s","capabilities":["REMOTE_START_STOP_CAPABLE"],
                 "connectors":[%s],"last_updated":"%s"}"""
                .formatted(uid, uid, status, connector("1", lastUpdated, "T1"), lastUpdated);
    }

    public static String location(String cc, String pid, String id, String lastUpdated, String... evses) {
        return locationAt(cc, pid, id, lastUpdated, "52.37403", "4.88969", evses);
    }

    public static String locationAt(String cc, String pid, String id, String lastUpdated, String lat, String lon,
                                  String... evses) {
        return """
                {"country_code":"%s","party_id":"%s","id":"%s","publish":true,"name":"Station %s",
                 "address":"Keizersgracht 1","city":"Amsterdam","postal_code":"1015CC","country":"NLD",
                 "coordinates":{"latitude":"%s","longitude":"%s"},"parking_type":"ON_STREET",
                 "evses":[%s],"time_zone":"Europe/Amsterdam","last_updated":"%s"}"""
                .formatted(cc, pid, id, id, lat, lon, String.join(",", evses), lastUpdated);
    }

    public static String tariff(String cc, String pid, String id, String lastUpdated) {
        return """
                {"country_code":"%s","party_id":"%s","id":"%s","currency":"EUR","type":"REGULAR",
                 "elements":[{"price_components":[{"type":"ENERGY","price":0.25,"vat":21.0,"step_size":1},
                                                  {"type":"FLAT","price":0.50,"vat":21.0,"step_size":1}]},
                             {"price_components":[{"type":"PARKING_TIME","price":2.00,"vat":21.0,"step_size":60}],
                              "restrictions":{"start_time":"09:00","end_time":"18:00","day_of_week":["MONDAY"]}}],
                 "max_price":{"excl_vat":50.00,"incl_vat":60.50},
                 "last_updated":"%s"}""".formatted(cc, pid, id, lastUpdated);
    }
}
