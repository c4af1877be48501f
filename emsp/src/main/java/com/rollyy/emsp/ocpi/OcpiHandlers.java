package com.rollyy.emsp.ocpi;

import org.springframework.core.annotation.AnnotationUtils;

/**
 * Whether a handler class is an {@link OcpiController}, looked up once per class. Body advice
 * used to select OCPI controllers with {@code @ControllerAdvice(annotations = ...)}: Spring then
 * searches the controller's annotations on every request body read and every answer written
 * (a few percent of a request's CPU); the advice checks here instead, with the same search.
 */
final class OcpiHandlers {

    private static final ClassValue<Boolean> OCPI = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return AnnotationUtils.findAnnotation(type, OcpiController.class) != null;
        }
    };

    private OcpiHandlers() {
    }

    static boolean isOcpi(Class<?> handlerType) {
        return handlerType != null && OCPI.get(handlerType);
    }
}
