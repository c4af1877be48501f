package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code rollyy.tariffs.*}: how far a CPO's CDR cost may differ from ours before we flag it. */
@ConfigurationProperties("rollyy.tariffs")
public record TariffProperties(@DefaultValue("0.01") BigDecimal reconcileTolerance) {
}
