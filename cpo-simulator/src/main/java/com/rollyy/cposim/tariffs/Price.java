package com.rollyy.cposim.tariffs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/** An OCPI Price: {@code excl_vat} and {@code incl_vat} in the session's currency. */
public record Price(BigDecimal exclVat, BigDecimal inclVat) {

    public static final Price ZERO = new Price(BigDecimal.ZERO, BigDecimal.ZERO);

    Price plus(Price other) {
        return new Price(exclVat.add(other.exclVat), inclVat.add(other.inclVat));
    }

    /** Both amounts rounded half-up to the currency's minor unit. */
    public Price rounded(int fractionDigits) {
        return new Price(exclVat.setScale(fractionDigits, RoundingMode.HALF_UP),
                inclVat.setScale(fractionDigits, RoundingMode.HALF_UP));
    }

    public Price times(BigDecimal factor, int fractionDigits) {
        return new Price(exclVat.multiply(factor), inclVat.multiply(factor)).rounded(fractionDigits);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("excl_vat", exclVat);
        json.put("incl_vat", inclVat);
        return json;
    }
}
