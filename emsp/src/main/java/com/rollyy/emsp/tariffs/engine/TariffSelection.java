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

    /**
     * As {@link #choose(List, boolean, Instant)} for a session with charging preferences: the
     * {@code PROFILE_<profile>} tariff when the connector lists one valid at {@code sessionStart}
     * ("valid when Charging Preference: CHEAP is set for the session", mod_tariffs, TariffType
     * enum), else the tariff without preferences. {@code profile} is a ChargingPreferences
     * profile_type: CHEAP, FAST, GREEN or REGULAR (REGULAR and null: no preference).
     */
    public static Optional<Tariff> choose(List<Tariff> candidates, boolean adHoc, String profile, Instant sessionStart) {
        TariffType wanted = profileType(profile);
        if (wanted != null) {
            Optional<Tariff> preferred = first(candidates,
                    tariff -> tariff.type() == wanted && validAt(tariff, sessionStart));
            if (preferred.isPresent()) {
                return preferred;
            }
        }
        return choose(candidates, adHoc, sessionStart);
    }

    /** The tariff type that applies with a charging-preferences profile_type; null for REGULAR or none. */
    public static TariffType profileType(String profile) {
        if (profile == null) {
            return null;
        }
        return switch (profile) {
            case "CHEAP" -> TariffType.PROFILE_CHEAP;
            case "FAST" -> TariffType.PROFILE_FAST;
            case "GREEN" -> TariffType.PROFILE_GREEN;
            case "REGULAR" -> null;
            default -> throw new IllegalArgumentException("profile_type must be CHEAP, FAST, GREEN or REGULAR: " + profile);
        };
    }

    /** Whether the tariff applies at {@code instant} (start_date_time inclusive, end_date_time inclusive). */
    public static boolean validAt(Tariff tariff, Instant instant) {
        return (tariff.startDateTime() == null || !instant.isBefore(tariff.startDateTime()))
                && (tariff.endDateTime() == null || !instant.isAfter(tariff.endDateTime()));
    }

    private static Optional<Tariff> first(List<Tariff> candidates, Predicate<Tariff> matches) {
        return candidates.stream().filter(matches).findFirst();
    }
}
