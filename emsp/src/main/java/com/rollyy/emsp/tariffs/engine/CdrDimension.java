package com.rollyy.emsp.tariffs.engine;

import java.math.BigDecimal;
import java.util.Objects;

/** One measured value of a charging period: kWh, hours, A or kW depending on {@code type}. */
public record CdrDimension(CdrDimensionType type, BigDecimal volume) {

    public CdrDimension {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(volume, "volume");
    }
}
