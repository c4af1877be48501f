package com.rollyy.emsp.tariffs.engine;

import java.time.LocalTime;

/**
 * A start_time/end_time pair (mod_tariffs, "TariffRestrictions class"): start inclusive, end
 * exclusive, end before start wraps past midnight, end 00:00 means the end of the day. A missing
 * start is 00:00, a missing end is the end of the day; start equal to end covers the whole day.
 */
record TimeOfDayWindow(LocalTime start, LocalTime end) {

    static TimeOfDayWindow parse(String start, String end) {
        return new TimeOfDayWindow(start == null ? null : LocalTime.parse(start),
                end == null ? null : LocalTime.parse(end));
    }

    boolean isUnrestricted() {
        return start == null && end == null;
    }

    boolean contains(LocalTime time) {
        LocalTime from = start == null ? LocalTime.MIDNIGHT : start;
        if (end == null) {
            return !time.isBefore(from);
        }
        if (from.isBefore(end)) {
            return !time.isBefore(from) && time.isBefore(end);
        }
        // end <= start: the window wraps past midnight (and end == start leaves no gap at all)
        return !time.isBefore(from) || time.isBefore(end);
    }
}
