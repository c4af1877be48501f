package com.rollyy.cposim.locations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

/** The page arithmetic behind the Sender lists, against a brute-force oracle. */
class SelectionTest {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final IntFunction<Instant> MINUTES = i -> BASE.plusSeconds(60L * i);

    @Test
    void withoutFiltersEveryIndexInOrder() {
        Selection selection = new Selection(10, MINUTES, Collections.emptyNavigableMap(), null, null);

        assertThat(selection.total()).isEqualTo(10);
        assertThat(selection.page(0, 4)).containsExactly(1, 2, 3, 4);
        assertThat(selection.page(8, 4)).containsExactly(9, 10);
        assertThat(selection.page(10, 4)).isEmpty();
        assertThat(selection.page(Long.MAX_VALUE - 1, 4)).isEmpty();
    }

    @Test
    void dateFromInclusiveDateToExclusive() {
        Selection selection = new Selection(10, MINUTES, Collections.emptyNavigableMap(),
                BASE.plusSeconds(180), BASE.plusSeconds(420));

        assertThat(selection.total()).isEqualTo(4);
        assertThat(selection.page(0, 100)).containsExactly(3, 4, 5, 6);
    }

    @Test
    void aChangedObjectMovesIntoAndOutOfTheWindowButKeepsItsPlace() {
        NavigableMap<Integer, Instant> changed = new TreeMap<>();
        changed.put(2, BASE.plusSeconds(100_000));   // now later than everything
        changed.put(5, BASE.plusSeconds(60));        // moved back in time
        Selection recent = new Selection(10, MINUTES, changed, BASE.plusSeconds(480), null);

        assertThat(recent.total()).isEqualTo(4);
        assertThat(recent.page(0, 100)).containsExactly(2, 8, 9, 10);
        assertThat(recent.page(1, 2)).containsExactly(8, 9);
    }

    @Test
    void matchesBruteForceOnRandomCases() {
        Random random = new Random(42);
        for (int round = 0; round < 3000; round++) {
            int count = random.nextInt(40);
            NavigableMap<Integer, Instant> changed = new TreeMap<>();
            for (int c = random.nextInt(6); c > 0 && count > 0; c--) {
                changed.put(1 + random.nextInt(count), BASE.plusSeconds(random.nextInt(60 * 50)));
            }
            Instant from = random.nextBoolean() ? null : BASE.plusSeconds(random.nextInt(60 * 45) - 30);
            Instant to = random.nextBoolean() ? null : BASE.plusSeconds(random.nextInt(60 * 45) - 30);
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                Instant time = changed.getOrDefault(i, MINUTES.apply(i));
                if ((from == null || !time.isBefore(from)) && (to == null || time.isBefore(to))) {
                    expected.add(i);
                }
            }
            Selection selection = new Selection(count, MINUTES, changed, from, to);
            int offset = random.nextInt(count + 3);
            int limit = 1 + random.nextInt(12);

            String context = "count=" + count + " changed=" + changed + " from=" + from + " to=" + to
                    + " offset=" + offset + " limit=" + limit;
            assertThat(selection.total()).as(context).isEqualTo(expected.size());
            List<Integer> page = new ArrayList<>();
            for (int index : selection.page(offset, limit)) {
                page.add(index);
            }
            assertThat(page).as(context)
                    .isEqualTo(expected.subList(Math.min(offset, expected.size()),
                            Math.min(offset + limit, expected.size())));
        }
    }
}
