package com.rollyy.emsp.console;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.rollyy.emsp.robotjobs.EnergySample;

/**
 * Energy over time as a small server-rendered SVG (template fragment {@code console/job :: chart}):
 * a polyline from the session's start (0 kWh) through each sample, with a dot per sample. Only
 * coordinates are computed here; colours are CSS classes (the CSP allows no inline style).
 */
record ConsoleJobChart(String points, List<Dot> dots, String maxKwh, String span, List<EnergySample> samples) {

    static final int WIDTH = 600;
    static final int HEIGHT = 180;
    private static final int PAD = 10;

    /** A sample on the chart, with its label for the dot's title. */
    record Dot(String x, String y, String label) {
    }

    static ConsoleJobChart of(Instant start, List<EnergySample> samples) {
        if (samples.isEmpty()) {
            return new ConsoleJobChart("", List.of(), "0", "", samples);
        }
        Instant from = start != null && start.isBefore(samples.get(0).at()) ? start : samples.get(0).at();
        Instant to = samples.get(samples.size() - 1).at();
        long spanMillis = Math.max(1, Duration.between(from, to).toMillis());
        BigDecimal max = samples.stream().map(EnergySample::kwh).reduce(BigDecimal.ZERO, BigDecimal::max);
        double top = Math.max(max.doubleValue(), 0.001);
        var points = new StringBuilder();
        var dots = new ArrayList<Dot>();
        if (start != null && start.isBefore(samples.get(0).at())) {
            points.append(x(0, 1)).append(',').append(y(0, top));
        }
        for (EnergySample s : samples) {
            String x = samples.size() == 1 && points.isEmpty() ? x(1, 2)
                    : x(Duration.between(from, s.at()).toMillis(), spanMillis);
            String y = y(s.kwh().doubleValue(), top);
            if (!points.isEmpty()) {
                points.append(' ');
            }
            points.append(x).append(',').append(y);
            dots.add(new Dot(x, y, s.kwh().stripTrailingZeros().toPlainString() + " kWh at " + s.at()));
        }
        return new ConsoleJobChart(points.toString(), dots, max.stripTrailingZeros().toPlainString(),
                minutes(Duration.between(from, to)), samples);
    }

    private static String x(long part, long whole) {
        return fmt(PAD + (WIDTH - 2.0 * PAD) * part / whole);
    }

    private static String y(double kwh, double top) {
        return fmt(HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * kwh / top);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m < 1 ? d.toSeconds() + " s" : m + " min";
    }
}
