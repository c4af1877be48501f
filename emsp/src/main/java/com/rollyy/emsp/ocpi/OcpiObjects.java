package com.rollyy.emsp.ocpi;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns JSON into a validated OCPI object or a 2001 naming the field: the one way in for
 * merged PATCH results and pulled objects, so both obey the same rules as a PUT body.
 */
@Component
public class OcpiObjects {

    private final ObjectMapper mapper;
    private final Validator validator;

    public OcpiObjects(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    public <T> T read(JsonNode json, Class<T> type) {
        T value;
        try {
            value = mapper.treeToValue(json, type);
        } catch (JacksonException e) {
            String field = BodyErrors.path(e.getPath());
            throw OcpiException.invalidParameter((field.isEmpty() ? "Object" : "Field '" + field + "'")
                    + " has the wrong type or an invalid value");
        }
        return validated(value);
    }

    public <T> T validated(T value) {
        String problems = problems(value);
        if (problems != null) {
            throw OcpiException.invalidParameter(problems);
        }
        return value;
    }

    /** The constraint violations of an object as one message, or null when it is valid. */
    public String problems(Object value) {
        Set<ConstraintViolation<Object>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream()
                .map(v -> "Field '" + BodyErrors.snakeCase(v.getPropertyPath().toString().replaceAll("\\.<[^>]+>", ""))
                        + "' " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }
}
