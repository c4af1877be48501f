package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The access log line's duration: milliseconds with one decimal, as String.format wrote it before. */
class AccessLogTest {

    @Test
    void durationsAreMillisecondsWithOneDecimalRoundedHalfUp() {
        assertThat(AccessLog.tenths(0)).isEqualTo("0.0");
        assertThat(AccessLog.tenths(49)).isEqualTo("0.0");
        assertThat(AccessLog.tenths(50)).isEqualTo("0.1");
        assertThat(AccessLog.tenths(1_234)).isEqualTo("1.2");
        assertThat(AccessLog.tenths(1_250)).isEqualTo("1.3");
        assertThat(AccessLog.tenths(12_960)).isEqualTo("13.0");
        assertThat(AccessLog.tenths(3_600_000_000L)).isEqualTo("3600000.0");
    }
}
