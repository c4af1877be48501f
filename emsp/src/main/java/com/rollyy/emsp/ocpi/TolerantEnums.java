package com.rollyy.emsp.ocpi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Reading objects of a partner that already sends enum values of a newer OCPI version (quirk
 * {@code tolerate_newer_enums}): a value none of our enums knows reads as null, so an optional
 * field stays empty and a list element is dropped (nulls in lists are skipped), each value logged
 * once. A required field left null still fails the object's validation, as before.
 */
public final class TolerantEnums {

    private static final Logger log = LoggerFactory.getLogger(TolerantEnums.class);
    private static final int MAX_LOGGED = 1000;
    private static final Set<String> logged = ConcurrentHashMap.newKeySet();

    private TolerantEnums() {
    }

    /** A copy of {@code mapper} reading unknown enum values as null and skipping nulls in lists and sets. */
    public static ObjectMapper mapper(ObjectMapper mapper) {
        return mapper.rebuild()
                .addHandler(new DeserializationProblemHandler() {
                    @Override
                    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType,
                                                         String valueToConvert, String failureMsg) {
                        if (!targetType.isEnum()) {
                            return NOT_HANDLED;
                        }
                        String key = targetType.getSimpleName() + "." + valueToConvert;
                        if (logged.size() < MAX_LOGGED && logged.add(key)) {
                            log.warn("Unknown {} value '{}' from a partner with tolerate_newer_enums: dropped"
                                    + " (logged once)", targetType.getSimpleName(), valueToConvert);
                        }
                        return null;
                    }
                })
                .withConfigOverride(java.util.List.class,
                        o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.SKIP)))
                .withConfigOverride(java.util.Set.class,
                        o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.SKIP)))
                .build();
    }
}
