package com.rollyy.emsp.tariffs.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rollyy.emsp.tariffs.Tariff;
import com.rollyy.emsp.tariffs.Tariff.PriceComponent;
import com.rollyy.emsp.tariffs.Tariff.ReservationRestrictionType;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.Tariff.TariffElement;
import com.rollyy.emsp.tariffs.engine.Moment.Phase;

/**
 * Finds, per dimension, the first tariff element in list order whose restrictions all hold and
 * that has a component for that dimension (mod_tariffs, "Tariff Object"). Different dimensions
 * may come from different elements.
 */
final class ComponentSelector {

    /** The component that prices one dimension, and the element it came from. */
    record Pick(int elementIndex, PriceComponent component) {
    }

    /**
     * An element passed over because a current or power bound could not be checked, with the
     * dimensions it would have priced had it matched.
     */
    record Undecided(int elementIndex, String restriction, Set<TariffDimensionType> dimensions) {
    }

    record Selection(Map<TariffDimensionType, Pick> picks, List<Undecided> undecided) {
        Pick pick(TariffDimensionType type) {
            return picks.get(type);
        }
    }

    private final List<TariffElement> elements;
    private final List<Integer> chargingOrder = new ArrayList<>();
    private final List<Integer> expiredReservationOrder = new ArrayList<>();

    ComponentSelector(Tariff tariff) {
        this.elements = tariff.elements() == null ? List.of() : tariff.elements();
        List<Integer> expiresFirst = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            chargingOrder.add(i);
            var restrictions = elements.get(i).restrictions();
            boolean expires = restrictions != null
                    && restrictions.reservation() == ReservationRestrictionType.RESERVATION_EXPIRES;
            (expires ? expiresFirst : rest).add(i);
        }
        // "the time based cost of an expired reservation will be calculated based on the
        // RESERVATION_EXPIRES TariffElement" (mod_tariffs, ReservationRestrictionType note)
        expiredReservationOrder.addAll(expiresFirst);
        expiredReservationOrder.addAll(rest);
    }

    Selection select(Moment moment) {
        Map<TariffDimensionType, Pick> picks = new EnumMap<>(TariffDimensionType.class);
        List<Undecided> undecided = new ArrayList<>();
        List<Integer> order = moment.phase() == Phase.EXPIRED_RESERVATION ? expiredReservationOrder : chargingOrder;
        for (int index : order) {
            TariffElement element = elements.get(index);
            Restrictions.Verdict verdict = Restrictions.check(element.restrictions(), moment);
            if (verdict.outcome() == Restrictions.Outcome.UNKNOWN) {
                Set<TariffDimensionType> open = EnumSet.noneOf(TariffDimensionType.class);
                element.priceComponents().stream().map(PriceComponent::type)
                        .filter(type -> allowed(type, moment.phase()) && !picks.containsKey(type))
                        .forEach(open::add);
                undecided.add(new Undecided(index, verdict.unknownBecause(), open));
            }
            if (!verdict.holds()) {
                continue;
            }
            for (PriceComponent component : element.priceComponents()) {
                if (allowed(component.type(), moment.phase())) {
                    picks.putIfAbsent(component.type(), new Pick(index, component));
                }
            }
            if (picks.size() == TariffDimensionType.values().length) {
                break;
            }
        }
        return new Selection(picks, undecided);
    }

    /** "A reservation can only have: FLAT and TIME TariffDimensions" (mod_tariffs, TariffRestrictions). */
    private static boolean allowed(TariffDimensionType type, Phase phase) {
        return phase == Phase.CHARGING || type == TariffDimensionType.FLAT || type == TariffDimensionType.TIME;
    }
}
