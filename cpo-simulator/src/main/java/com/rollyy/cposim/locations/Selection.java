package com.rollyy.cposim.locations;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.IntFunction;

/**
 * The objects {@code 1..count} whose {@code last_updated} lies in {@code [dateFrom, dateTo)}, in
 * index order, without materialising them. Unchanged objects have a base time that grows with
 * the index, so they match in one contiguous range found by binary search; the few changed ones
 * (with their own time) are handled one by one. Cost: O(log count + changes + page size).
 */
final class Selection {

    private final int count;
    private final Instant from;
    private final Instant to;
    private final NavigableMap<Integer, Instant> changed;
    /** Unchanged objects match exactly when their index is in {@code [lo, hi)}. */
    private final int lo;
    private final int hi;
    private final long total;

    /**
     * @param baseTime strictly increasing in the index: the time of an object without changes
     * @param changed  effective time of each changed object, by index (a consistent snapshot)
     * @param from     inclusive lower bound, or null
     * @param to       exclusive upper bound, or null
     */
    Selection(int count, IntFunction<Instant> baseTime, NavigableMap<Integer, Instant> changed,
              Instant from, Instant to) {
        this.count = count;
        this.from = from;
        this.to = to;
        this.changed = changed;
        this.lo = from == null ? 1 : firstNotBefore(count, baseTime, from);
        this.hi = to == null ? count + 1 : firstNotBefore(count, baseTime, to);
        long matching = Math.max(0, hi - lo);
        for (Map.Entry<Integer, Instant> entry : changed.entrySet()) {
            int index = entry.getKey();
            if (index >= lo && index < hi) {
                matching--;
            }
            if (index >= 1 && index <= count && matches(entry.getValue())) {
                matching++;
            }
        }
        this.total = matching;
    }

    /** Smallest index in {@code 1..count+1} whose base time is not before {@code bound}. */
    private static int firstNotBefore(int count, IntFunction<Instant> baseTime, Instant bound) {
        int low = 1;
        int high = count + 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (baseTime.apply(mid).isBefore(bound)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private boolean matches(Instant time) {
        return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
    }

    /** The number of matching objects (X-Total-Count). */
    long total() {
        return total;
    }

    /** The indices of matching objects {@code offset..offset+limit-1}, in index order; empty past the end. */
    int[] page(long offset, int limit) {
        int size = (int) Math.max(0, Math.min(limit, total - offset));
        int[] page = new int[size];
        if (size == 0) {
            return page;
        }
        int filled = 0;
        long skip = offset;
        int cursor = 1;
        for (Map.Entry<Integer, Instant> entry : changed.tailMap(1, true).entrySet()) {
            int index = entry.getKey();
            if (index > count) {
                break;
            }
            // unchanged objects between the previous changed one and this one
            int a = Math.max(cursor, lo);
            int b = Math.min(index - 1, hi - 1);
            if (a <= b) {
                long run = (long) b - a + 1;
                if (skip >= run) {
                    skip -= run;
                } else {
                    for (long i = a + skip; i <= b && filled < size; i++) {
                        page[filled++] = (int) i;
                    }
                    skip = 0;
                }
            }
            if (filled == size) {
                return page;
            }
            if (matches(entry.getValue())) {
                if (skip > 0) {
                    skip--;
                } else {
                    page[filled++] = index;
                    if (filled == size) {
                        return page;
                    }
                }
            }
            cursor = index + 1;
        }
        for (long i = Math.max(cursor, lo) + skip; i < hi && filled < size; i++) {
            page[filled++] = (int) i;
        }
        return page;
    }
}
