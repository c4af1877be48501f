package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;

import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;

/**
 * One line of the breakdown: everything one price component of one tariff element billed for one
 * dimension over the whole session. Volumes are in the dimension's unit (kWh, hours, 1 for FLAT);
 * amounts are exact, only the {@link PriceResult} totals are rounded to the currency.
 *
 * @param reservation  true when the line prices the reservation (RESERVATION_TIME, reservation FLAT)
 * @param elementIndex index of the TariffElement in {@code Tariff.elements} that supplied the component
 * @param volume       volume consumed and priced by this component
 * @param billedVolume {@code volume} plus what step_size rounding added to this line
 * @param unitPrice    price per kWh, per hour or per session, excl. VAT
 * @param vat          VAT percentage, null when the component gives none (then incl. = excl.)
 */
public record PriceLine(
        TariffDimensionType dimension,
        boolean reservation,
        int elementIndex,
        BigDecimal volume,
        BigDecimal billedVolume,
        int stepSize,
        BigDecimal unitPrice,
        BigDecimal vat,
        BigDecimal amountExclVat,
        BigDecimal amountInclVat) {
}
