package com.rollyy.emsp.ocpi.types;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotNull;

/** OCPI Price: excl. VAT always, incl. VAT when known. */
public record Price(@NotNull BigDecimal exclVat, BigDecimal inclVat) {
}
