package com.rollyy.emsp.tariffs.engine;

import java.util.Locale;

import com.rollyy.emsp.ocpi.types.Price;

/**
 * One row of the cost breakdown that adds up to the total: the exact amount and the amount
 * rounded to the currency. The exact column adds up to the exact total; the rounded column adds up
 * to the rounded total thanks to the {@link Kind#ROUNDING} row (each part is rounded from its
 * exact sum, so the rounded parts may miss the rounded total by a minor unit or two).
 */
public record CostPart(Kind kind, Price exact, Price rounded) {

    public enum Kind {
        ENERGY("total_energy_cost"),
        TIME("total_time_cost"),
        PARKING("total_parking_cost"),
        FIXED("total_fixed_cost"),
        RESERVATION("total_reservation_cost"),
        /** What min_price/max_price added to or took from the sum of the parts. */
        PRICE_LIMIT(null),
        /** Rounded total minus the sum of the rounded rows above; always 0 in the exact column. */
        ROUNDING(null);

        private final String cdrField;

        Kind(String cdrField) {
            this.cdrField = cdrField;
        }

        /** The CDR field that reports this part, null for the two balancing rows. */
        public String cdrField() {
            return cdrField;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
