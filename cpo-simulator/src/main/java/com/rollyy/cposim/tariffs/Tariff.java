package com.rollyy.cposim.tariffs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.rollyy.cposim.ocpi.Decimals;
import com.rollyy.cposim.ocpi.Json;

/**
 * The parts of an OCPI Tariff that pricing reads, taken from the JSON the simulator serves (so
 * the price is computed from exactly what the eMSP receives), plus that JSON for embedding in a CDR.
 */
public record Tariff(String id, String currency, List<Element> elements, BigDecimal minExclVat, BigDecimal minInclVat,
              BigDecimal maxExclVat, BigDecimal maxInclVat, Map<String, Object> json) {

    /** A TariffElement; {@code index} is its 0-based position, which decides "first match". */
    record Element(int index, List<Component> components, Map<String, Object> restrictions) {

        /** The element's first component of this TariffDimensionType, or null. */
        Component component(String type) {
            for (Component component : components) {
                if (component.type().equals(type)) {
                    return component;
                }
            }
            return null;
        }
    }

    /** A PriceComponent: price excl. VAT per kWh / hour / session, vat in percent (null: none applicable). */
    record Component(String type, BigDecimal price, BigDecimal vat, int stepSize) {
    }

    @SuppressWarnings("unchecked")
    public static Tariff of(Map<String, Object> json) {
        List<Element> elements = new ArrayList<>();
        List<Object> rawElements = Json.asList(json.get("elements")).orElse(List.of());
        for (int i = 0; i < rawElements.size(); i++) {
            Map<String, Object> element = (Map<String, Object>) rawElements.get(i);
            List<Component> components = new ArrayList<>();
            for (Object raw : Json.asList(element.get("price_components")).orElse(List.of())) {
                Map<String, Object> component = (Map<String, Object>) raw;
                Object step = component.get("step_size");
                components.add(new Component((String) component.get("type"), Decimals.of(component.get("price")),
                        Decimals.of(component.get("vat")), step == null ? 0 : ((Number) step).intValue()));
            }
            Map<String, Object> restrictions = Json.asObject(element.get("restrictions")).orElse(Map.of());
            elements.add(new Element(i, List.copyOf(components), restrictions));
        }
        Map<String, Object> min = Json.asObject(json.get("min_price")).orElse(Map.of());
        Map<String, Object> max = Json.asObject(json.get("max_price")).orElse(Map.of());
        return new Tariff((String) json.get("id"), (String) json.get("currency"), List.copyOf(elements),
                Decimals.of(min.get("excl_vat")), Decimals.of(min.get("incl_vat")),
                Decimals.of(max.get("excl_vat")), Decimals.of(max.get("incl_vat")), json);
    }
}
