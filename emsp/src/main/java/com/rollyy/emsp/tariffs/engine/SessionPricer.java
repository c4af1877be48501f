package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Pick;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Selection;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Undecided;
import com.rollyy.emsp.tariffs.engine.Moment.Phase;

/** Prices one {@link PricingRequest}: select per period, step-round per session, total, bound. */
final class SessionPricer {

    private final PricingRequest request;
    private final Tariff tariff;
    private final Notes notes = new Notes();
    private final ComponentSelector selector;
    private final CoarsePeriods coarsePeriods;
    private final Ledger ledger = new Ledger();
    private boolean chargingFlatBilled;
    private boolean reservationFlatBilled;

    SessionPricer(PricingRequest request) {
        this.request = request;
        this.tariff = request.tariff();
        this.selector = new ComponentSelector(tariff);
        this.coarsePeriods = new CoarsePeriods(selector,
                new ChangePoints(tariff, request.timeZone(), request.sessionStart()), request.timeZone());
    }

    PriceResult price() {
        Money money = Money.of(tariff.currency(), notes);
        checkValidity();
        if (tariff.elements() == null || tariff.elements().isEmpty()) {
            notes.issue(PricingIssue.TARIFF_WITHOUT_ELEMENTS,
                    "tariff " + tariff.id() + " has no elements: nothing is priced");
        }
        List<Period> periods = Period.of(request, notes);
        Phase reservationPhase = reservationPhase(periods);
        BigDecimal energy = BigDecimal.ZERO;
        for (Period period : periods) {
            Phase phase = period.isReservation() ? reservationPhase : Phase.CHARGING;
            if (!period.foreign()) {
                priceOne(period, Moment.startOf(period, request, energy, phase));
            }
            if (!period.isReservation()) {
                energy = energy.add(period.volume(CdrDimensionType.ENERGY));
            }
        }
        ledger.applyStepSizes(notes);
        List<PriceLine> lines = ledger.lines();
        noteMissingVat(lines);
        return CdrTotals.of(request, periods, lines, money, notes);
    }

    private void priceOne(Period period, Moment moment) {
        Selection selection = selector.select(moment);
        Set<TariffDimensionType> used = dimensionsUsed(period);
        noteUndecided(period, selection, used);
        coarsePeriods.priceChangeInside(period, moment, selection, used)
                .ifPresent(note -> notes.issue(PricingIssue.PERIOD_SPANS_PRICE_CHANGE, note));
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

    /** What the period consumes that a component could price; FLAT only while it is still owed. */
    private Set<TariffDimensionType> dimensionsUsed(Period period) {
        Set<TariffDimensionType> used = EnumSet.noneOf(TariffDimensionType.class);
        if (!(period.isReservation() ? reservationFlatBilled : chargingFlatBilled)) {
            used.add(TariffDimensionType.FLAT);
        }
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
                notes.issueOnce(PricingIssue.RESTRICTION_NOT_CHECKABLE,
                        "undecided " + undecided.elementIndex() + " " + undecided.restriction(),
                        "element " + undecided.elementIndex() + ": " + undecided.restriction()
                                + " cannot be checked, period " + period.index()
                                + " reports no such value; the element is treated as not matching");
            }
        }
    }

    private void checkValidity() {
        Instant start = request.sessionStart();
        if (tariff.startDateTime() != null && start.isBefore(tariff.startDateTime())) {
            notes.issue(PricingIssue.TARIFF_NOT_VALID_AT_START,
                    "tariff not valid at session start: it becomes active at " + tariff.startDateTime());
        }
        if (tariff.endDateTime() != null && start.isAfter(tariff.endDateTime())) {
            notes.issue(PricingIssue.TARIFF_NOT_VALID_AT_START,
                    "tariff not valid at session start: it ended at " + tariff.endDateTime());
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
}
