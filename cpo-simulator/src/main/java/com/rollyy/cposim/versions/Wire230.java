package com.rollyy.cposim.versions;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OCPI 2.3.0 on the wire (tag {@code v2.3.0}). Versions, Locations, Tokens, Commands and
 * ChargingProfiles keep 2.2.1's objects; what changes is money: {@code Price} becomes
 * {@code before_taxes} + {@code taxes[]}, a Tariff's {@code min_price}/{@code max_price} become
 * {@code PriceLimit}s and every Tariff says {@code tax_included}; Credentials may carry
 * {@code hub_party_id} (types.asciidoc "Price class", "TaxAmount class"; mod_tariffs.asciidoc
 * "Tariff Object", "PriceLimit class", "TaxIncluded enum"; credentials.asciidoc).
 */
final class Wire230 extends TranslatingEdge {

    private static final Set<String> MODULES = Set.of("credentials", "locations", "tariffs", "sessions", "cdrs",
            "commands", "tokens", "chargingprofiles", "hubclientinfo");
    private static final Set<String> PRICES = Set.of("total_cost", "total_fixed_cost", "total_energy_cost",
            "total_time_cost", "total_parking_cost", "total_reservation_cost");

    Wire230(SimulatorFacts facts) {
        super(OcpiVersions.V230, facts);
    }

    @Override
    Set<String> modules() {
        return MODULES;
    }

    @Override
    Object requestToModel(String module, List<String> segments, String method, Object body) {
        return "credentials".equals(module) ? credentialsToModel(body) : body;
    }

    @Override
    Object answerToWire(String module, List<String> segments, String method, Object data) {
        return toWire(module, data);
    }

    @Override
    Object sendToWire(String module, String method, List<String> segments, Object body) {
        return toWire(module, body);
    }

    @Override
    public Object toModel(String module, Object data) {
        return "credentials".equals(module) ? credentialsToModel(data) : data;
    }

    private Object toWire(String module, Object data) {
        return switch (module) {
            case "tariffs" -> each(data, Wire230::tariff);
            case "sessions", "cdrs" -> each(data, Wire230::withTaxes);
            default -> data;
        };
    }

    /** A hub names itself in {@code hub_party_id}; the simulator (a CPO) keeps only the roles. */
    private static Object credentialsToModel(Object body) {
        if (!(body instanceof Map<?, ?>)) {
            return body;
        }
        Map<String, Object> model = copy(body);
        model.remove("hub_party_id");
        return model;
    }

    /** Session or CDR: every Price as before_taxes + taxes, embedded Tariffs as 2.3.0 Tariffs. */
    private static Map<String, Object> withTaxes(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            if (PRICES.contains(field)) {
                wire.put(field, price(value));
            } else if ("tariffs".equals(field)) {
                wire.put(field, list(value).stream().map(t -> (Object) tariff(copy(t))).toList());
            } else {
                wire.put(field, value);
            }
        });
        return wire;
    }

    /** {@code {excl_vat, incl_vat}} → {@code {before_taxes, taxes: [{name: VAT, amount}]}}; no incl_vat, no taxes. */
    static Object price(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> price = new LinkedHashMap<>();
        BigDecimal excl = decimal(map.get("excl_vat"));
        BigDecimal incl = decimal(map.get("incl_vat"));
        price.put("before_taxes", excl);
        if (excl != null && incl != null) {
            Map<String, Object> vat = new LinkedHashMap<>();
            vat.put("name", "VAT");
            if (excl.signum() != 0) {
                vat.put("percentage", incl.subtract(excl).multiply(BigDecimal.valueOf(100))
                        .divide(excl, 2, java.math.RoundingMode.HALF_UP).stripTrailingZeros());
            }
            vat.put("amount", incl.subtract(excl));
            price.put("taxes", List.of(vat));
        }
        return price;
    }

    /** Prices stay net with their VAT percentage (tax_included NO); min/max as PriceLimit. */
    private static Map<String, Object> tariff(Map<String, Object> model) {
        Map<String, Object> wire = new LinkedHashMap<>();
        model.forEach((field, value) -> {
            switch (field) {
                case "min_price", "max_price" -> wire.put(field, priceLimit(value));
                case "elements" -> {
                    wire.put("tax_included", "NO");
                    wire.put(field, value);
                }
                default -> wire.put(field, value);
            }
        });
        wire.putIfAbsent("tax_included", "NO");
        return wire;
    }

    private static Object priceLimit(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("before_taxes", map.get("excl_vat"));
        if (map.get("incl_vat") != null) {
            limit.put("after_taxes", map.get("incl_vat"));
        }
        return limit;
    }
}
