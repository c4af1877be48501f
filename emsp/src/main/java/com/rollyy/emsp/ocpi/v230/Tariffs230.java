package com.rollyy.emsp.ocpi.v230;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.emsp.ocpi.OcpiWire;

/**
 * OCPI 2.3.0 Tariffs (tag v2.3.0 mod_tariffs.asciidoc "Tariff Object", "PriceComponent class",
 * "PriceLimit class", "TaxIncluded enum"; edition 2 unchanged) ↔ the 2.2.1 model, whose prices are
 * excl. VAT with a VAT percentage per component ({@code vat} absent: no VAT applicable).
 *
 * <p>In, by {@code tax_included} (required): {@code NO} prices as they are (excl. taxes, the
 * model's meaning); {@code YES} with a {@code vat}: price ÷ (1 + vat/100), at 16 decimals rounded
 * away from zero, so that the engine's price × (1 + vat/100) gives the CPO's gross price back to
 * the cent (a vat of -100 or less is refused);
 * {@code YES} without {@code vat}: the gross price as it is, without VAT (the net is unknown: our
 * excl. and incl. VAT are both the gross price); {@code N/A}: no tax, {@code vat} removed.
 * {@code min_price}/{@code max_price} PriceLimit → Price ({@code before_taxes} → {@code excl_vat},
 * {@code after_taxes} → {@code incl_vat}). Lost: {@code tax_included}, {@code preauthorize_amount}
 * (v2.3.0's Payments), EnvironmentalImpact entries of categories the model does not know.
 * A request without {@code tax_included} (or with another value) is refused with 2001 naming it;
 * a pulled tariff, or one inside a CDR (the spec's own CDR example has none), is read as
 * {@code NO}.
 *
 * <p>Out (our answers to GET, CDRs' tariffs): {@code tax_included} {@code NO} when a component
 * has a {@code vat}, else {@code N/A} (the model's "no VAT applicable"); Price → PriceLimit.
 */
@Component
class Tariffs230 implements Module230 {

    /** Enough decimals that price × (1 + vat/100) rounds back to the gross price for any volume. */
    static final int NET_SCALE = 16;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String module() {
        return "tariffs";
    }

    @Override
    public JsonNode toModel(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode wire)) {
            return data;
        }
        return tariffToModel(wire, "", exchange, false);
    }

    @Override
    public JsonNode toWire(JsonNode data, OcpiWire.Exchange exchange) {
        if (!(data instanceof ObjectNode model)) {
            return data;
        }
        return tariffToWire(model);
    }

    /**
     * One 2.3.0 Tariff → the model's. {@code prefix} names where it sits in the request (for
     * errors, e.g. "tariffs[0]."); {@code lenient}: a missing {@code tax_included} reads as NO.
     */
    ObjectNode tariffToModel(ObjectNode wire, String prefix, OcpiWire.Exchange exchange, boolean lenient) {
        ObjectNode model = wire.deepCopy();
        JsonNode taxIncluded = model.remove("tax_included");
        model.remove("preauthorize_amount");
        String tax = taxIncluded != null && taxIncluded.isString() ? taxIncluded.asString() : null;
        if (tax == null || !(tax.equals("YES") || tax.equals("NO") || tax.equals("N/A"))) {
            String problem = "Field '" + prefix + "tax_included' " + (taxIncluded == null || taxIncluded.isNull()
                    ? "is required (YES, NO or N/A)" : "must be YES, NO or N/A");
            if (!lenient && exchange.request()) {
                Json230.refuse(exchange, problem);
            }
            Json230.once("tax-" + prefix + tax, "OCPI 2.3.0 tariff " + model.path("id").asString("?") + ": "
                    + problem + "; read as NO");
            tax = "NO";
        }
        for (String limit : new String[] {"min_price", "max_price"}) {
            if (model.get(limit) instanceof ObjectNode priceLimit && priceLimit.has("before_taxes")) {
                ObjectNode price = Json230.JSON.objectNode();
                price.set("excl_vat", priceLimit.get("before_taxes"));
                price.set("incl_vat", priceLimit.get("after_taxes"));
                model.set(limit, price);
            }
        }
        if (model.get("elements") != null && model.get("elements").isArray()) {
            for (int elementIndex = 0; elementIndex < model.get("elements").size(); elementIndex++) {
                JsonNode element = model.get("elements").get(elementIndex);
                if (element.get("price_components") != null && element.get("price_components").isArray()) {
                    var components = element.get("price_components");
                    for (int j = 0; j < components.size(); j++) {
                        if (components.get(j) instanceof ObjectNode c) {
                            componentToModel(c, tax, prefix + "elements[" + elementIndex + "].price_components[" + j
                                    + "]", exchange);
                        }
                    }
                }
            }
        }
        Json230.energyMixToModel(model);
        return model;
    }

    private static void componentToModel(ObjectNode component, String tax, String path, OcpiWire.Exchange exchange) {
        JsonNode vat = component.get("vat");
        JsonNode price = component.get("price");
        switch (tax) {
            case "N/A" -> component.remove("vat");
            case "YES" -> {
                if (vat != null && vat.isNumber() && price != null && price.isNumber()) {
                    if (HUNDRED.add(vat.decimalValue()).signum() <= 0) {
                        Json230.refuse(exchange, "Field '" + path + ".vat' must be above -100 to take it out of a"
                                + " price that includes taxes");
                        return;
                    }
                    BigDecimal net = price.decimalValue().multiply(HUNDRED)
                            .divide(HUNDRED.add(vat.decimalValue()), NET_SCALE, RoundingMode.UP)
                            .stripTrailingZeros();
                    component.put("price", net);
                }
            }
            default -> {
                // NO: the model's meaning already
            }
        }
    }

    /** One model Tariff → 2.3.0's. */
    ObjectNode tariffToWire(ObjectNode model) {
        ObjectNode wire = model.deepCopy();
        boolean anyVat = false;
        for (JsonNode element : wire.path("elements")) {
            for (JsonNode component : element.path("price_components")) {
                anyVat |= component.has("vat") && !component.get("vat").isNull();
            }
        }
        wire.put("tax_included", anyVat ? "NO" : "N/A");
        for (String limit : new String[] {"min_price", "max_price"}) {
            if (wire.get(limit) instanceof ObjectNode price && price.has("excl_vat")) {
                ObjectNode priceLimit = Json230.JSON.objectNode();
                priceLimit.set("before_taxes", price.get("excl_vat"));
                if (price.get("incl_vat") != null && !price.get("incl_vat").isNull()) {
                    priceLimit.set("after_taxes", price.get("incl_vat"));
                }
                wire.set(limit, priceLimit);
            }
        }
        return wire;
    }
}
