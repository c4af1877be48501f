package com.rollyy.emsp.ocpi;

import java.util.Locale;

/** OCPI CiString values (ids, country codes, party ids) are compared case-insensitively: keys are upper-cased. */
public final class CiString {

    private CiString() {
    }

    public static String key(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
