package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Quirk {@code tolerate_newer_enums} on what a partner pushes to our Receiver interfaces: a typed
 * 2.2.1 body (a PUT of a Location, an EVSE, a Session...) of a connection with the quirk is read
 * with {@link TolerantEnums}, so an enum value we do not know is dropped from optional fields and
 * lists, and handed on as the model writes it; the controller's validation then refuses what is
 * still missing (a required enum). A body the tolerant reading cannot read either goes on
 * unchanged, so the usual error names what is wrong. PATCH bodies (merged as JSON) and bodies of
 * other OCPI versions are not touched. Only {@link OcpiController}s ({@link OcpiHandlers}).
 */
@ControllerAdvice
class TolerantPushes extends RequestBodyAdviceAdapter {

    private final ObjectMapper mapper;
    private final ObjectMapper tolerant;

    TolerantPushes(ObjectMapper mapper) {
        this.mapper = mapper;
        this.tolerant = TolerantEnums.mapper(mapper);
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        if (!OcpiHandlers.isOcpi(parameter.getContainingClass())
                || targetType instanceof Class<?> type && JsonNode.class.isAssignableFrom(type)) {
            return false;
        }
        var attributes = RequestContextHolder.getRequestAttributes();
        return attributes != null && OcpiVersionEdge.currentVersion() == OcpiVersion.V2_2_1
                && attributes.getAttribute(OcpiCaller.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
                instanceof OcpiCaller caller && caller.tolerateNewerEnums();
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body = input.getBody().readAllBytes();
        byte[] read = body;
        try {
            Object value = tolerant.readValue(body, mapper.constructType(targetType));
            if (value != null) {
                read = mapper.writeValueAsBytes(value);
            }
        } catch (JacksonException notEvenTolerantly) {
            // the usual reading reports it
        }
        return new ReplacedBody(input.getHeaders(), read);
    }

}
