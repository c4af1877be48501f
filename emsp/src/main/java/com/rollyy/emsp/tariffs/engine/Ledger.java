package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.rollyy.emsp.tariffs.Tariff.PriceComponent;
import com.rollyy.emsp.tariffs.Tariff.TariffDimensionType;
import com.rollyy.emsp.tariffs.engine.ComponentSelector.Pick;

/**
 * Collects what each component priced, in chronological order, applies step_size once per
 * session and turns the result into breakdown lines. Volumes are kept in Wh and seconds.
 *
 * <p>step_size (mod_cdrs, "CDR Object", step_size paragraphs; corrected example in mod_tariffs,
 * "switching to Free-of-Charge Tariff Element"): the total billed volume of a dimension over the
 * session is rounded up to a multiple of the step_size of the last component that priced it, and
 * the extra is billed at that component's price. ENERGY is rounded once; TIME and PARKING_TIME
 * are rounded once between them, on the parking total when any parking was billed, otherwise on
 * the charging-time total. Reservation time is rounded once on its own.
 */
final class Ledger {

    private record Key(TariffDimensionType dimension, boolean reservation, int elementIndex) {
    }

    private record TallyKey(TariffDimensionType dimension, boolean reservation) {
    }

    private static final class Line {
        private final PriceComponent component;
        private BigDecimal consumed = BigDecimal.ZERO;
        private BigDecimal extra = BigDecimal.ZERO;

        private Line(PriceComponent component) {
            this.component = component;
        }
    }

    /** Running total of one step-size group and the line that priced it last. */
    private static final class Tally {
        private BigDecimal total = BigDecimal.ZERO;
        private Key last;
    }

    private final Map<Key, Line> lines = new LinkedHashMap<>();
    private final Map<TallyKey, Tally> tallies = new HashMap<>();

    void add(TariffDimensionType dimension, boolean reservation, Pick pick, BigDecimal base) {
        if (base.signum() == 0) {
            return;
        }
        Key key = new Key(dimension, reservation, pick.elementIndex());
        Line line = lines.computeIfAbsent(key, k -> new Line(pick.component()));
        line.consumed = line.consumed.add(base);
        if (dimension != TariffDimensionType.FLAT) {
            Tally tally = tallies.computeIfAbsent(new TallyKey(dimension, reservation), k -> new Tally());
            tally.total = tally.total.add(base);
            tally.last = key;
        }
    }

    void applyStepSizes(Notes notes) {
        roundUp(tally(TariffDimensionType.ENERGY, false), notes, "");
        Tally parking = tally(TariffDimensionType.PARKING_TIME, false);
        Tally time = tally(TariffDimensionType.TIME, false);
        if (parking.total.signum() > 0) {
            roundUp(parking, notes, time.total.signum() > 0 ? "; TIME is not rounded when parking is billed" : "");
        } else {
            roundUp(time, notes, "");
        }
        roundUp(tally(TariffDimensionType.TIME, true), notes, "");
    }

    List<PriceLine> lines() {
        List<PriceLine> result = new ArrayList<>();
        lines.forEach((key, line) -> result.add(toPriceLine(key, line)));
        return result;
    }

    private Tally tally(TariffDimensionType dimension, boolean reservation) {
        return tallies.getOrDefault(new TallyKey(dimension, reservation), new Tally());
    }

    private void roundUp(Tally tally, Notes notes, String remark) {
        if (tally.last == null || tally.total.signum() <= 0) {
            return;
        }
        Line last = lines.get(tally.last);
        int step = stepSize(last.component);
        BigDecimal extra = Units.roundUpToStep(tally.total, step).subtract(tally.total);
        if (extra.signum() == 0) {
            return;
        }
        last.extra = last.extra.add(extra);
        String unit = tally.last.dimension() == TariffDimensionType.ENERGY ? " Wh" : " s";
        notes.add("step_size: " + label(tally.last) + " " + plain(tally.total) + unit + " billed as "
                + plain(tally.total.add(extra)) + unit + " (step_size " + step + " of element "
                + tally.last.elementIndex() + ", extra at its price)" + remark);
    }

    private static PriceLine toPriceLine(Key key, Line line) {
        PriceComponent component = line.component;
        BigDecimal billed = line.consumed.add(line.extra);
        BigDecimal exclVat = component.price().multiply(billed)
                .divide(Units.basePerPricedUnit(key.dimension()), Units.MATH).stripTrailingZeros();
        return new PriceLine(key.dimension(), key.reservation(), key.elementIndex(),
                Units.fromBase(key.dimension(), line.consumed), Units.fromBase(key.dimension(), billed),
                stepSize(component), component.price(), component.vat(),
                exclVat, Money.inclVat(exclVat, component.vat()).stripTrailingZeros());
    }

    private static int stepSize(PriceComponent component) {
        return component.stepSize() == null ? 0 : component.stepSize();
    }

    private static String label(Key key) {
        return key.reservation() ? "reservation TIME" : key.dimension().name();
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
