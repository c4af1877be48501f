package com.rollyy.emsp.tariffs.engine;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Notes for the operator, in the order they arose; a keyed note is kept once however often it
 * recurs. A note may also raise a {@link PricingIssue}: a finding that makes the price questionable.
 */
final class Notes {

    private final Map<String, String> byKey = new LinkedHashMap<>();
    private final Set<PricingIssue> issues = EnumSet.noneOf(PricingIssue.class);

    void add(String note) {
        byKey.putIfAbsent(note, note);
    }

    void addOnce(String key, String note) {
        byKey.putIfAbsent(key, note);
    }

    void issue(PricingIssue issue, String note) {
        issues.add(issue);
        add(note);
    }

    void issueOnce(PricingIssue issue, String key, String note) {
        issues.add(issue);
        addOnce(key, note);
    }

    List<String> list() {
        return List.copyOf(byKey.values());
    }

    List<PricingIssue> issues() {
        return List.copyOf(issues);
    }
}
