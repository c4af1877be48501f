package com.rollyy.emsp.robotjobs;

import java.math.BigDecimal;
import java.time.Instant;

/** Energy a robot session had charged by {@code at} (the CPO's last_updated of that Session update). */
public record EnergySample(Instant at, BigDecimal kwh) {
}
