package com.rollyy.emsp.tariffs;

import java.math.BigDecimal;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteCapability;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a BigDecimal as a plain JSON number ({@code 20}, {@code 0.0000001}), never in the
 * exponent form {@code BigDecimal.toString} picks for stripped or tiny values ({@code 2E+1}).
 * Amounts keep the scale they were given: money is set to the currency's scale before it gets here.
 */
final class PlainDecimal extends ValueSerializer<BigDecimal> {

    @Override
    public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
        if (gen.has(StreamWriteCapability.CAN_WRITE_FORMATTED_NUMBERS)) {
            gen.writeNumber(value.toPlainString());
        } else {
            // a tree being built (a webhook payload): it holds the number, written later by another generator
            gen.writeNumber(value.scale() < 0 ? value.setScale(0) : value);
        }
    }
}
