package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.rollyy.emsp.ocpi.types.Price;
import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Pick;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Selection;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Undecided;
import com.rollyy.emsp.tariffs.engine.Moment.Phase;
import com.rollyy.emsp.tariffs.engine.Moment.Range;

/** Prices one {@link PricingRequest}: select per period, step-round per session, total, bound. */
final class SessionPricer {

    private final PricingRequest request;
    private final Tariff tariff;
    private final Notes notes = new Notes();
    private final ComponentSelector selector;
    private final ChangePoints changePoints;
    private final Ledger ledger = new Ledger();
    private boolean chargingFlatBilled;
    private boolean reservationFlatBilled;

    SessionPricer(PricingRequest request) {
        this.request = request;
        this.tariff = request.tariff();
        this.selector = new ComponentSelector(tariff);
        this.changePoints = new ChangePoints(tariff, request.timeZone(), request.sessionStart());
    }

    PriceResult price() {
        Money money = Money.of(tariff.currency(), notes);
        checkValidity();
        if (tariff.elements() == null || tariff.elements().isEmpty()) {
            notes.add("tariff " + tariff.id() + " has no elements: nothing is priced");
        }
        List<Period> periods = Period.of(request, notes);
        Phase reservationPhase = reservationPhase(periods);
        BigDecimal energy = BigDecimal.ZERO;
        for (Period period : periods) {
            Phase phase = period.isReservation() ? reservationPhase : Phase.CHARGING;
            if (!period.foreign()) {
                priceOne(period, momentAt(period, energy, phase));
            }
            if (!period.isReservation()) {
                energy = energy.add(period.volume(CdrDimensionType.ENERGY));
            }
        }
        ledger.applyStepSizes(notes);
        List<PriceLine> lines = ledger.lines();
        noteMissingVat(lines);
        return result(periods, lines, money);
    }

    private void priceOne(Period period, Moment moment) {
        Selection selection = selector.select(moment);
        Set<TariffDimensionType> used = dimensionsUsed(period);
        noteUndecided(period, selection, used);
        noteSpannedChange(period, moment, selection, used);
        boolean reservation = period.isReservation();
        if (reservation) {
            bill(selection, TariffDimensionType.TIME, true, period.volume(CdrDimensionType.RESERVATION_TIME));
        } else {
            bill(selection, TariffDimensionType.ENERGY, false, period.volume(CdrDimensionType.ENERGY));
            bill(selection, TariffDimensionType.TIME, false, period.volume(CdrDimensionType.TIME));
            bill(selection, TariffDimensionType.PARKING_TIME, false, period.volume(CdrDimensionType.PARKING_TIME));
        }
        Pick flat = selection.pick(TariffDimensionType.FLAT);
        // FLAT is owed once per session (mod_tariffs, "Tariff Object", min_price description), and
        // a reservation's FLAT once per reservation; the first period offering one supplies it.
        if (flat != null && !(reservation ? reservationFlatBilled : chargingFlatBilled)) {
            ledger.add(TariffDimensionType.FLAT, reservation, flat, BigDecimal.ONE);
            if (reservation) {
                reservationFlatBilled = true;
            } else {
                chargingFlatBilled = true;
            }
        }
    }

    private void bill(Selection selection, TariffDimensionType dimension, boolean reservation, BigDecimal volume) {
        Pick pick = selection.pick(dimension);
        if (pick != null) {
            ledger.add(dimension, reservation, pick, Units.toBase(dimension, volume));
        }
    }

    /** A reservation is "expired" when no charging followed it (mod_tariffs, ReservationRestrictionType). */
    private Phase reservationPhase(List<Period> periods) {
        boolean reserved = periods.stream().anyMatch(Period::isReservation);
        boolean charged = periods.stream().anyMatch(period -> !period.isReservation());
        if (reserved && !charged) {
            notes.add("reservation not followed by charging: priced as an expired reservation");
            return Phase.EXPIRED_RESERVATION;
        }
        return Phase.RESERVATION;
    }

    private Moment momentAt(Period period, BigDecimal energyBefore, Phase phase) {
        Instant start = period.start();
        BigDecimal sessionSeconds = Units.seconds(Duration.between(request.sessionStart(), start));
        Range current = range(period, CdrDimensionType.MIN_CURRENT, CdrDimensionType.MAX_CURRENT,
                period.volumeOrNull(CdrDimensionType.CURRENT));
        Range power = range(period, CdrDimensionType.MIN_POWER, CdrDimensionType.MAX_POWER, averagePower(period));
        return new Moment(start, start.atZone(request.timeZone()), sessionSeconds, energyBefore, current, power, phase);
    }

    private static Range range(Period period, CdrDimensionType minType, CdrDimensionType maxType, BigDecimal average) {
        BigDecimal low = period.volumeOrNull(minType);
        BigDecimal high = period.volumeOrNull(maxType);
        return new Range(low != null ? low : average, high != null ? high : average);
    }

    /** POWER when reported, else ENERGY over the period's length: constant power within a period. */
    private static BigDecimal averagePower(Period period) {
        BigDecimal power = period.volumeOrNull(CdrDimensionType.POWER);
        BigDecimal energy = period.volumeOrNull(CdrDimensionType.ENERGY);
        if (power != null || energy == null || period.length().isZero()) {
            return power;
        }
        return energy.divide(Units.hours(period.length()), Units.MATH);
    }

    private static Set<TariffDimensionType> dimensionsUsed(Period period) {
        Set<TariffDimensionType> used = EnumSet.of(TariffDimensionType.FLAT);
        if (period.isReservation()) {
            addIfNonZero(used, period, CdrDimensionType.RESERVATION_TIME, TariffDimensionType.TIME);
        } else {
            addIfNonZero(used, period, CdrDimensionType.ENERGY, TariffDimensionType.ENERGY);
            addIfNonZero(used, period, CdrDimensionType.TIME, TariffDimensionType.TIME);
            addIfNonZero(used, period, CdrDimensionType.PARKING_TIME, TariffDimensionType.PARKING_TIME);
        }
        return used;
    }

    private static void addIfNonZero(Set<TariffDimensionType> used, Period period, CdrDimensionType measured,
            TariffDimensionType priced) {
        if (period.volume(measured).signum() != 0) {
            used.add(priced);
        }
    }

    private void noteUndecided(Period period, Selection selection, Set<TariffDimensionType> used) {
        for (Undecided undecided : selection.undecided()) {
            if (undecided.dimensions().stream().anyMatch(used::contains)) {
                notes.addOnce("undecided " + undecided.elementIndex() + " " + undecided.restriction(),
                        "element " + undecided.elementIndex() + ": " + undecided.restriction()
                                + " cannot be checked, period " + period.index()
                                + " reports no such value; the element is treated as not matching");
            }
        }
    }

    /**
     * The CPO must open a new period when another component becomes active (mod_cdrs, "CDR
     * Object"). A period that runs past such a change is still priced by the components active
     * at its start; the note tells the operator the CDR was cut too coarsely.
     */
    private void noteSpannedChange(Period period, Moment moment, Selection selection, Set<TariffDimensionType> used) {
        for (Instant point : changePoints.between(period.start(), period.end())) {
            if (differs(selection, selector.select(moment.at(point, request.timeZone())), used)) {
                notes.add("period " + period.index() + " runs past a price change at " + point
                        + "; priced with the components active at its start");
                return;
            }
        }
        if (period.isReservation()) {
            return;
        }
        BigDecimal after = moment.energyKwh().add(period.volume(CdrDimensionType.ENERGY));
        for (BigDecimal threshold : changePoints.energyThresholds()) {
            if (moment.energyKwh().compareTo(threshold) < 0 && after.compareTo(threshold) > 0
                    && differs(selection, selector.select(moment.withEnergy(threshold)), used)) {
                notes.add("period " + period.index() + " runs past a price change at " + threshold.toPlainString()
                        + " kWh; priced with the components active at its start");
                return;
            }
        }
    }

    private static boolean differs(Selection a, Selection b, Set<TariffDimensionType> used) {
        for (TariffDimensionType dimension : used) {
            if (dimension == TariffDimensionType.FLAT) {
                continue;
            }
            Pick x = a.pick(dimension);
            Pick y = b.pick(dimension);
            if ((x == null) != (y == null) || (x != null && x.elementIndex() != y.elementIndex())) {
                return true;
            }
        }
        return false;
    }

    private void checkValidity() {
        Instant start = request.sessionStart();
        if (tariff.startDateTime() != null && start.isBefore(tariff.startDateTime())) {
            notes.add("tariff not valid at session start: it becomes active at " + tariff.startDateTime());
        }
        if (tariff.endDateTime() != null && start.isAfter(tariff.endDateTime())) {
            notes.add("tariff not valid at session start: it ended at " + tariff.endDateTime());
        }
    }

    private void noteMissingVat(List<PriceLine> lines) {
        for (PriceLine line : lines) {
            if (line.vat() == null) {
                notes.add("element " + line.elementIndex() + " " + line.dimension()
                        + " has no vat: no VAT applicable, incl. VAT = excl. VAT");
            }
        }
    }

    /**
     * Each part and the total are rounded from their exact sums, as the specification's worked
     * examples do (2.875 + 3.30 + 4.125 incl. VAT is 10.30, not 2.88 + 3.30 + 4.13).
     */
    private PriceResult result(List<Period> periods, List<PriceLine> lines, Money money) {
        Price total = PriceLimits.apply(exactSum(lines, line -> true), tariff, money, notes);
        return new PriceResult(money.round(total.exclVat(), total.inclVat()),
                part(lines, TariffDimensionType.FLAT, money),
                part(lines, TariffDimensionType.ENERGY, money),
                part(lines, TariffDimensionType.TIME, money),
                part(lines, TariffDimensionType.PARKING_TIME, money),
                round(exactSum(lines, PriceLine::reservation), money),
                sumOf(periods, CdrDimensionType.ENERGY, false),
                Units.hours(Duration.between(request.sessionStart(), request.sessionEnd())),
                sumOf(periods, CdrDimensionType.PARKING_TIME, false),
                tariff.currency(), lines, notes.list());
    }

    /** The charging part of one dimension; a reservation's FLAT and TIME are reservation cost. */
    private static Price part(List<PriceLine> lines, TariffDimensionType dimension, Money money) {
        return round(exactSum(lines, line -> !line.reservation() && line.dimension() == dimension), money);
    }

    private static Price round(Price exact, Money money) {
        return money.round(exact.exclVat(), exact.inclVat());
    }

    private static Price exactSum(List<PriceLine> lines, Predicate<PriceLine> belongs) {
        BigDecimal exclVat = BigDecimal.ZERO;
        BigDecimal inclVat = BigDecimal.ZERO;
        for (PriceLine line : lines) {
            if (belongs.test(line)) {
                exclVat = exclVat.add(line.amountExclVat());
                inclVat = inclVat.add(line.amountInclVat());
            }
        }
        return new Price(exclVat, inclVat);
    }

    private static BigDecimal sumOf(List<Period> periods, CdrDimensionType type, boolean reservation) {
        return periods.stream().filter(period -> period.isReservation() == reservation)
                .map(period -> period.volume(type)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
