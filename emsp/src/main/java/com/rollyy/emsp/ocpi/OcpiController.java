package com.rollyy.emsp.ocpi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.web.bind.annotation.RestController;

/** A controller that serves OCPI: its errors are rendered as the OCPI envelope. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RestController
public @interface OcpiController {

    @AliasFor(annotation = RestController.class)
    String value() default "";
}
