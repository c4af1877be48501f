package com.rollyy.emsp.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of {@code /actuator/prometheus}, parsed: samples by name and labels. Meters live for
 * the whole test JVM (one Spring context), so tests compare two scrapes ({@link #delta}).
 */
public final class Scrape {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final String text;

    private Scrape(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /** Scrapes the service at {@code baseUrl} with the test API key. */
    public static Scrape take(String baseUrl) {
        var response = TestHttp.request("GET", baseUrl + "/actuator/prometheus").apiKey(EmspIntegrationTest.API_KEY)
                .send();
        if (response.status() != 200) {
            throw new AssertionError("scrape failed: " + response);
        }
        return parse(response.body());
    }

    public static Scrape parse(String text) {
        var samples = new ArrayList<Sample>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            var labels = new LinkedHashMap<String, String>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new Scrape(text, samples);
    }

    public String text() {
        return text;
    }

    /** Whether any sample of this name is present, whatever its labels. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /**
     * The sum of the samples of this name whose labels include the given ones ({@code "k", "v",
     * ...}); 0 when none.
     */
    public double value(String name, String... labels) {
        double sum = 0;
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), labels)) {
                sum += s.value();
            }
        }
        return sum;
    }

    public List<Sample> samples(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labels)).toList();
    }

    /** How much this sample grew since {@code before}. */
    public double delta(Scrape before, String name, String... labels) {
        return value(name, labels) - before.value(name, labels);
    }

    private static boolean matches(Map<String, String> actual, String... wanted) {
        if (wanted.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in pairs");
        }
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(actual.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }
}
