package com.rollyy.emsp.ocpi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An id (or a reference to one) in an OCPI object: see {@link OcpiIds}. Null is valid (use @NotBlank). */
@Documented
@Constraint(validatedBy = OcpiId.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE,
        ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OcpiId {

    String message() default OcpiIds.RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<OcpiId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || OcpiIds.valid(value);
        }
    }
}
