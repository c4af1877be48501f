package com.rollyy.emsp.tariffs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** start_time/end_time semantics (mod_tariffs, "TariffRestrictions class"; docs/tariffs.md, "Time of day"). */
class TimeOfDayWindowTest {

    @ParameterizedTest(name = "{0}-{1} contains {2}: {3}")
    @CsvSource(nullValues = "-", value = {
            // plain window: start inclusive, end exclusive
            "08:00, 20:00, 07:59, false",
            "08:00, 20:00, 08:00, true",
            "08:00, 20:00, 19:59, true",
            "08:00, 20:00, 20:00, false",
            // end before start wraps past midnight
            "22:00, 06:00, 21:59, false",
            "22:00, 06:00, 22:00, true",
            "22:00, 06:00, 23:59, true",
            "22:00, 06:00, 00:00, true",
            "22:00, 06:00, 05:59, true",
            "22:00, 06:00, 06:00, false",
            "22:00, 06:00, 12:00, false",
            // 00:00 as end means the end of the day
            "20:00, 00:00, 19:59, false",
            "20:00, 00:00, 20:00, true",
            "20:00, 00:00, 23:59, true",
            "20:00, 00:00, 00:00, false",
            "00:00, 17:00, 00:00, true",
            "00:00, 17:00, 16:59, true",
            "00:00, 17:00, 17:00, false",
            // one side only
            "18:00, -, 17:59, false",
            "18:00, -, 18:00, true",
            "18:00, -, 23:59, true",
            "18:00, -, 00:00, false",
            "-, 09:00, 00:00, true",
            "-, 09:00, 08:59, true",
            "-, 09:00, 09:00, false",
            // equal ends leave no gap: the whole day
            "12:00, 12:00, 11:59, true",
            "12:00, 12:00, 12:00, true",
            "00:00, 00:00, 13:37, true",
    })
    void contains(String start, String end, String at, boolean expected) {
        assertThat(TimeOfDayWindow.parse(start, end).contains(LocalTime.parse(at))).isEqualTo(expected);
    }
}
