package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.Session.minutes;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.flat;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.price;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.time;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.when;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.withLimits;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.withValidity;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;

/** What an auditor reads besides the totals: the cost rows that add up, and the issues. */
class AuditTest {

    private static Map<CostPart.Kind, CostPart> rows(PriceResult result) {
        return result.costs().stream().collect(Collectors.toMap(CostPart::kind, Function.identity()));
    }

    @Nested
    class CostRows {

        @Test
        void eachPartIsRoundedFromItsExactSumAndTheRoundingRowBalancesTheTotal() {
            // 1 kWh at 0.125 and 1 h at 0.125: each part is 0.125 → 0.13, the total 0.25, not 0.26
            Tariff t = tariff(element(energy("0.125", null, 1), time("0.125", null, 1)));
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(60), "1").price(t);
            var rows = rows(result);

            assertPrice(rows.get(CostPart.Kind.ENERGY).exact(), "0.125", "0.125");
            assertPrice(rows.get(CostPart.Kind.ENERGY).rounded(), "0.13", "0.13");
            assertPrice(rows.get(CostPart.Kind.TIME).rounded(), "0.13", "0.13");
            assertPrice(rows.get(CostPart.Kind.PRICE_LIMIT).rounded(), "0.00", "0.00");
            assertPrice(rows.get(CostPart.Kind.ROUNDING).exact(), "0", "0");
            assertPrice(rows.get(CostPart.Kind.ROUNDING).rounded(), "-0.01", "-0.01");
            assertPrice(result.totalCost(), "0.25", "0.25");
            assertPrice(result.exactTotalCost(), "0.25", "0.25");
            assertThat(rows.get(CostPart.Kind.ENERGY).kind().cdrField()).isEqualTo("total_energy_cost");
        }

        @Test
        void minPriceShowsAsItsOwnRow() {
            Tariff t = withLimits(tariff(element(energy("0.20", "10", 1), flat("0.50", "10"))),
                    price("5.00", "5.50"), null);
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(30), "10").price(t);
            var rows = rows(result);

            // 10 kWh × 0.20 + 0.50 = 2.50 (2.75 incl.), lifted to 5.00 (5.50): +2.50 (+2.75)
            assertPrice(rows.get(CostPart.Kind.ENERGY).rounded(), "2.00", "2.20");
            assertPrice(rows.get(CostPart.Kind.FIXED).rounded(), "0.50", "0.55");
            assertPrice(rows.get(CostPart.Kind.PRICE_LIMIT).exact(), "2.50", "2.75");
            assertPrice(rows.get(CostPart.Kind.PRICE_LIMIT).rounded(), "2.50", "2.75");
            assertPrice(rows.get(CostPart.Kind.ROUNDING).rounded(), "0.00", "0.00");
            assertPrice(result.totalCost(), "5.00", "5.50");
            assertThat(result.issues()).isEmpty();
        }

        @Test
        void roundedRowsHaveTheCurrencysScale() {
            Tariff t = TariffFixtures.tariff("JPY", element(energy("30", "10", 1)));
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(60), "20").price(t);

            assertThat(result.totalCost().exclVat().toPlainString()).isEqualTo("600");
            assertThat(rows(result).get(CostPart.Kind.ENERGY).rounded().inclVat().toPlainString()).isEqualTo("660");
            assertThat(rows(result).get(CostPart.Kind.TIME).rounded().exclVat().toPlainString()).isEqualTo("0");
        }
    }

    @Nested
    class Issues {

        @Test
        void aCleanSessionHasNone() {
            Tariff t = tariff(element(energy("0.30", "20", 1)));
            assertThat(Session.at("2024-01-15T10:00").charge(minutes(60), "20").price(t).issues()).isEmpty();
        }

        @Test
        void aTariffNotValidAtTheStartIsAnIssueAndANote() {
            Tariff t = withValidity(tariff(element(energy("0.30", "20", 1))), "2024-02-01T00:00:00Z", null);
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(60), "20").price(t);

            assertThat(result.issues()).containsExactly(PricingIssue.TARIFF_NOT_VALID_AT_START);
            assertThat(PricingIssue.TARIFF_NOT_VALID_AT_START.code()).isEqualTo("tariff_not_valid_at_start");
            assertThat(result.notes()).anyMatch(note -> note.startsWith("tariff not valid at session start"));
            assertPrice(result.totalCost(), "6.00", "7.20");
        }

        @Test
        void findingsThatWereOnlyNotesAreIssues() {
            Tariff t = tariff(element(when().between("00:00", "11:00"), energy("0.20", "0", 1)),
                    element(energy("0.40", "0", 1)),
                    element(when().maxCurrent("32"), time("1.00", "0", 1)));
            PriceResult result = Session.at("2024-01-15T10:00").charge(minutes(120), "20")
                    .charge(minutes(10), "1").tariffId("OTHER").price(t);

            assertThat(result.issues()).containsExactlyInAnyOrder(PricingIssue.PERIOD_SPANS_PRICE_CHANGE,
                    PricingIssue.RESTRICTION_NOT_CHECKABLE, PricingIssue.PERIOD_OF_OTHER_TARIFF);
        }

        @Test
        void anUnknownCurrencyIsAnIssue() {
            Tariff t = TariffFixtures.tariff("XXX", element(energy("0.30", "20", 1)));
            assertThat(Session.at("2024-01-15T10:00").charge(minutes(60), "20").price(t).issues())
                    .containsExactly(PricingIssue.CURRENCY_WITHOUT_MINOR_UNIT);
        }
    }
}
