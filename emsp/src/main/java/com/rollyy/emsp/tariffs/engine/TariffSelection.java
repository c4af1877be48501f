package com.rollyy.emsp.tariffs.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffType;

/**
 * Picks the tariff of a connector's {@code tariff_ids} that applies to a session (mod_tariffs,
 * "TariffType enum"; an omitted type is "valid for all sessions", Tariff Object). An ad-hoc
 * session takes an AD_HOC_PAYMENT tariff, any other session a REGULAR one; either falls back to
 * an untyped tariff. PROFILE_* tariffs need a charging preference and are never chosen here.
 * Within one type the first candidate wins, in the order the connector lists them.
 */
public final class TariffSelection {

    private TariffSelection() {
    }

    public static Optional<Tariff> choose(List<Tariff> candidates, boolean adHoc) {
        TariffType wanted = adHoc ? TariffType.AD_HOC_PAYMENT : TariffType.REGULAR;
        return first(candidates, tariff -> tariff.type() == wanted)
                .or(() -> first(candidates, tariff -> tariff.type() == null));
    }

    /**
     * As {@link #choose(List, boolean)}, among the tariffs valid at {@code sessionStart}: a driver
     * pays the tariff valid when the session started (mod_tariffs, Tariff Object, note on
     * start_date_time and end_date_time).
     */
    public static Optional<Tariff> choose(List<Tariff> candidates, boolean adHoc, Instant sessionStart) {
        return choose(candidates.stream().filter(tariff -> validAt(tariff, sessionStart)).toList(), adHoc);
    }

    static boolean validAt(Tariff tariff, Instant instant) {
        return (tariff.startDateTime() == null || !instant.isBefore(tariff.startDateTime()))
                && (tariff.endDateTime() == null || !instant.isAfter(tariff.endDateTime()));
    }

    private static Optional<Tariff> first(List<Tariff> candidates, Predicate<Tariff> matches) {
        return candidates.stream().filter(matches).findFirst();
    }
}
