package com.rollyy.emsp.tariffs.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notes for the operator, in the order they arose; a keyed note is kept once however often it recurs. */
final class Notes {

    private final Map<String, String> byKey = new LinkedHashMap<>();

    void add(String note) {
        byKey.putIfAbsent(note, note);
    }

    void addOnce(String key, String note) {
        byKey.putIfAbsent(key, note);
    }

    List<String> list() {
        return List.copyOf(byKey.values());
    }
}
