package com.rollyy.emsp.tariffs.engine;

import static com.rollyy.emsp.tariffs.engine.TariffFixtures.assertPrice;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.element;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.energy;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.tariff;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.withType;
import static com.rollyy.emsp.tariffs.engine.TariffFixtures.withValidity;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffType;

/** Tariff start_date_time/end_date_time and TariffType (mod_tariffs, "Tariff Object", "TariffType enum"). */
class ValidityAndSelectionTest {

    private static final Tariff BASE = tariff(element(energy("0.25", "10", 1)));

    @Nested
    class Validity {
        private PriceResult price(Tariff tariff) {
            return Session.at("2024-06-30T12:00").charge(Duration.ofHours(1), "10").price(tariff);
        }

        @Test
        void aTariffNotYetActiveIsStillPricedButNoted() {
            PriceResult result = price(withValidity(BASE, "2024-07-01T00:00:00Z", null));

            assertPrice(result.totalCost(), "2.50", "2.75");
            assertThat(result.notes()).contains("tariff not valid at session start: it becomes active at 2024-07-01T00:00:00Z");
        }

        @Test
        void anEndedTariffIsStillPricedButNoted() {
            PriceResult result = price(withValidity(BASE, null, "2024-06-30T09:59:59Z"));

            assertThat(result.notes()).contains("tariff not valid at session start: it ended at 2024-06-30T09:59:59Z");
        }

        /** Only the session start counts: the driver accepted the tariff valid then. */
        @Test
        void aTariffEndingDuringTheSessionIsValid() {
            PriceResult result = price(withValidity(BASE, "2024-06-30T10:00:00Z", "2024-06-30T10:00:00Z"));

            assertThat(result.notes()).isEmpty();
        }
    }

    @Nested
    class Selection {
        private final Tariff adHoc = withType(BASE, "adhoc", TariffType.AD_HOC_PAYMENT);
        private final Tariff regular = withType(BASE, "regular", TariffType.REGULAR);
        private final Tariff untyped = withType(BASE, "untyped", null);
        private final Tariff cheap = withType(BASE, "cheap", TariffType.PROFILE_CHEAP);

        @Test
        void adHocTakesTheAdHocTariff() {
            assertThat(TariffSelection.choose(List.of(cheap, regular, untyped, adHoc), true)).contains(adHoc);
        }

        @Test
        void otherwiseTheRegularTariff() {
            assertThat(TariffSelection.choose(List.of(cheap, adHoc, untyped, regular), false)).contains(regular);
        }

        @Test
        void bothFallBackToAnUntypedTariff() {
            assertThat(TariffSelection.choose(List.of(cheap, regular, untyped), true)).contains(untyped);
            assertThat(TariffSelection.choose(List.of(cheap, adHoc, untyped), false)).contains(untyped);
        }

        @Test
        void profileTariffsAndTheOtherPaymentKindAreNeverChosen() {
            assertThat(TariffSelection.choose(List.of(cheap, regular), true)).isEmpty();
            assertThat(TariffSelection.choose(List.of(cheap, adHoc), false)).isEmpty();
        }

        @Test
        void aChargingPreferenceTakesItsProfileTariffValidAtTheStart() {
            Tariff fast = withType(BASE, "fast", TariffType.PROFILE_FAST);
            Instant start = Instant.parse("2024-03-01T10:00:00Z");
            var candidates = List.of(regular, cheap, fast, adHoc);

            assertThat(TariffSelection.choose(candidates, false, "CHEAP", start)).contains(cheap);
            assertThat(TariffSelection.choose(candidates, false, "FAST", start)).contains(fast);
            assertThat(TariffSelection.choose(candidates, true, "CHEAP", start)).contains(cheap);
            assertThat(TariffSelection.choose(candidates, false, "REGULAR", start)).contains(regular);
            assertThat(TariffSelection.choose(candidates, false, null, start)).contains(regular);
        }

        @Test
        void withoutAProfileTariffThePreferenceFallsBackToTheTariffWithoutPreferences() {
            Instant start = Instant.parse("2024-03-01T10:00:00Z");
            Tariff expiredGreen = withValidity(withType(BASE, "green", TariffType.PROFILE_GREEN), null,
                    "2024-01-01T00:00:00Z");
            assertThat(TariffSelection.choose(List.of(expiredGreen, regular), false, "GREEN", start)).contains(regular);
            assertThat(TariffSelection.choose(List.of(cheap), false, "GREEN", start)).isEmpty();
        }

        @Test
        void anUnknownProfileIsRefused() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TariffSelection.profileType("SLOW"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile_type");
        }

        @Test
        void theConnectorsOrderBreaksTies() {
            Tariff second = withType(BASE, "second", TariffType.REGULAR);

            assertThat(TariffSelection.choose(List.of(regular, second), false)).contains(regular);
        }

        /** The old and the new tariff on one connector: the one valid at session start is chosen. */
        @Test
        void validityAtSessionStartPicksBetweenOldAndNew() {
            Tariff old = withValidity(withType(BASE, "old", TariffType.REGULAR), null, "2019-06-30T23:59:59Z");
            Tariff replacement = withValidity(withType(BASE, "new", TariffType.REGULAR), "2019-07-01T00:00:00Z", null);
            List<Tariff> both = List.of(old, replacement);

            assertThat(TariffSelection.choose(both, false, Instant.parse("2019-06-30T23:59:59Z"))).contains(old);
            assertThat(TariffSelection.choose(both, false, Instant.parse("2019-07-01T00:00:00Z"))).contains(replacement);
        }
    }
}
