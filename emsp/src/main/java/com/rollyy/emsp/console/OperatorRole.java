package com.rollyy.emsp.console;

import java.util.Locale;

/** What a console account may do: a viewer only reads, an operator also acts. */
public enum OperatorRole {
    VIEWER, OPERATOR;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** null when {@code value} is neither {@code viewer} nor {@code operator}. */
    public static OperatorRole parse(String value) {
        for (OperatorRole r : values()) {
            if (r.value().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        return null;
    }
}
