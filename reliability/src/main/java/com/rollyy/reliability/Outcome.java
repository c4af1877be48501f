package com.rollyy.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario reports: how many runs, how many failed (any invariant broken in that run), how
 * much data was lost (objects that never arrived where they must: CDRs, payments, events, acknowledged
 * writes), and the figures and first failures worth reading.
 */
final class Outcome {

    final String scenario;
    final String what;
    int runs;
    int failedRuns;
    long dataLost;
    final List<String> figures = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    long millis;

    Outcome(String scenario, String what) {
        this.scenario = scenario;
        this.what = what;
    }

    void run(List<String> violations, long lost) {
        runs++;
        dataLost += lost;
        if (!violations.isEmpty()) {
            failedRuns++;
            if (failures.size() < 20) {
                failures.add("run " + runs + ": " + String.join("; ", violations));
            }
        }
    }

    /** A check made once after the runs (not a run of its own): its violations fail the scenario. */
    void afterRuns(String check, List<String> violations) {
        if (!violations.isEmpty()) {
            failedRuns = Math.max(failedRuns, 1);
            if (failures.size() < 20) {
                failures.add(check + ": " + String.join("; ", violations));
            }
        }
    }

    void figure(String text) {
        figures.add(text);
    }
}
