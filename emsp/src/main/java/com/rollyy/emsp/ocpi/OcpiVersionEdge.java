package com.rollyy.emsp.ocpi;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.util.ServletRequestPathUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Other OCPI versions at the edge, for the endpoints we serve. Every {@link OcpiController}
 * mapping under {@code /ocpi/2.2.1/<module>} is also mounted under {@code /ocpi/2.1.1/<module>}
 * and {@code /ocpi/2.3.0/<module>} when that version has the module and an {@link OcpiWire}
 * translates it; product endpoints (plain {@code @RestController}s, even inside the OCPI URL
 * space) never are. A request body in another version's format is translated to the model before
 * the controller reads it, and the {@code data} of its answer back to that version: the
 * controllers and everything behind them see 2.2.1 only. The version of a request is its path
 * prefix ({@link OcpiVersion#ofPath}).
 */
@Configuration(proxyBeanMethods = false)
public class OcpiVersionEdge {

    @Bean
    WebMvcRegistrations ocpiVersionMappings(OcpiWires wires) {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new VersionedMapping(wires);
            }
        };
    }

    /** The version of the request being handled (2.2.1 outside OCPI or without a request). */
    static OcpiVersion currentVersion() {
        var attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return versionOf(servlet.getRequest());
        }
        return OcpiVersion.V2_2_1;
    }

    static OcpiVersion versionOf(HttpServletRequest request) {
        return OcpiVersion.ofPath(OcpiPaths.of(request)).orElse(OcpiVersion.V2_2_1);
    }

    /**
     * Spring MVC's request mapping with the other versions' paths added, and a quicker match: a
     * path with variables ({@code /ocpi/2.2.1/locations/{country_code}/...}) has no direct-path
     * entry, so Spring tries every mapping's full conditions (method, headers, consumes, produces,
     * then the path) on every such request: a tenth of an EVSE PATCH's CPU. Each mapping's
     * literal path prefixes (up to the first variable or wildcard) are noted when it is
     * registered, and a mapping none of whose prefixes starts the request's path is skipped
     * before its conditions are evaluated. It could not have matched: its every pattern begins
     * with one of those prefixes, and patterns match case-sensitively and without a trailing
     * slash (Spring's defaults, which we keep). Paths with {@code %} escapes or {@code ;}
     * parameters, which patterns match decoded and stripped, are not pre-checked.
     */
    static final class VersionedMapping extends RequestMappingHandlerMapping {

        private final OcpiWires wires;
        /** Literal prefixes of the registered mappings; replaced (copy on write) on every registration. */
        private volatile Prefixes prefixes = new Prefixes(new String[0], new IdentityHashMap<>());
        /**
         * For the lookup running on this thread: which of {@link #prefixes}' literal prefixes start
         * its path (null: no lookup, or a path that takes the full way). Computed once per lookup:
         * before, each of the few hundred mappings tested its prefixes against the path and read the
         * path from the request (an attribute behind four request wrappers): 10 % of a PATCH's Tomcat CPU.
         */
        private static final ThreadLocal<boolean[]> STARTS = new ThreadLocal<>();

        /** The distinct literal prefixes, and the indexes of each mapping's prefixes among them. */
        private record Prefixes(String[] texts, IdentityHashMap<RequestMappingInfo, int[]> byMapping) {
        }

        VersionedMapping(OcpiWires wires) {
            this.wires = wires;
        }

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            super.registerHandlerMethod(handler, method, mapping);
            String[] literal = literalPrefixes(mapping);
            if (literal != null) {
                synchronized (this) {
                    var texts = new ArrayList<>(java.util.Arrays.asList(prefixes.texts()));
                    int[] ids = new int[literal.length];
                    for (int i = 0; i < literal.length; i++) {
                        int id = texts.indexOf(literal[i]);
                        if (id < 0) {
                            id = texts.size();
                            texts.add(literal[i]);
                        }
                        ids[i] = id;
                    }
                    var byMapping = new IdentityHashMap<>(prefixes.byMapping());
                    byMapping.put(mapping, ids);
                    prefixes = new Prefixes(texts.toArray(String[]::new), byMapping);
                }
            }
        }

        @Override
        protected org.springframework.web.method.HandlerMethod lookupHandlerMethod(String lookupPath,
                                                                                  HttpServletRequest request)
                throws Exception {
            boolean[] outer = STARTS.get();
            STARTS.set(startingPrefixes(request, prefixes.texts()));
            try {
                return super.lookupHandlerMethod(lookupPath, request);
            } finally {
                STARTS.set(outer);
            }
        }

        /** Which prefixes start the request's path; null when every mapping must be evaluated. */
        static boolean[] startingPrefixes(HttpServletRequest request, String[] texts) {
            if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
                return null;
            }
            String path = ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value();
            // patterns match decoded segments without ;parameters: such paths take the full way
            if (path.indexOf('%') >= 0 || path.indexOf(';') >= 0) {
                return null;
            }
            boolean[] starts = new boolean[texts.length];
            for (int i = 0; i < texts.length; i++) {
                starts[i] = path.startsWith(texts[i]);
            }
            return starts;
        }

        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            boolean[] starts = STARTS.get();
            if (starts != null) {
                int[] ids = prefixes.byMapping().get(info);
                if (ids != null && !anyStarts(ids, starts)) {
                    return null;
                }
            }
            return super.getMatchingMapping(info, request);
        }

        private static boolean anyStarts(int[] ids, boolean[] starts) {
            for (int id : ids) {
                // a prefix registered after this lookup began is not in its array: evaluate the mapping
                if (id >= starts.length || starts[id]) {
                    return true;
                }
            }
            return false;
        }

        /** The literal start of every path pattern of a mapping, or null to always evaluate it. */
        static String[] literalPrefixes(RequestMappingInfo info) {
            if (info.getPathPatternsCondition() == null || info.getPatternValues().isEmpty()) {
                return null;
            }
            var literal = new ArrayList<String>();
            for (String pattern : info.getPatternValues()) {
                int end = pattern.length();
                for (int i = 0; i < pattern.length(); i++) {
                    char c = pattern.charAt(i);
                    if (c == '{' || c == '*' || c == '?' || c == '\\') {
                        end = i;
                        break;
                    }
                }
                if (end == 0) {
                    return null;
                }
                literal.add(pattern.substring(0, end));
            }
            return literal.toArray(String[]::new);
        }

        @Override
        protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
            RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
            if (info == null || !AnnotatedElementUtils.hasAnnotation(handlerType, OcpiController.class)) {
                return info;
            }
            String model = OcpiVersion.V2_2_1.prefix() + "/";
            var patterns = new LinkedHashSet<>(info.getPatternValues());
            var added = new ArrayList<String>();
            for (String pattern : patterns) {
                if (!pattern.startsWith(model)) {
                    continue;
                }
                String module = OcpiPaths.module(pattern);
                for (OcpiVersion other : OcpiVersion.values()) {
                    if (other != OcpiVersion.V2_2_1 && module != null && wires.translates(other, module)) {
                        added.add(other.prefix() + "/" + pattern.substring(model.length()));
                    }
                }
            }
            if (added.isEmpty()) {
                return info;
            }
            patterns.addAll(added);
            return info.mutate().paths(patterns.toArray(String[]::new)).build();
        }
    }

    /** The calling partner's own party (its first credentials role), null before it is known. */
    static OcpiParty partnerOf(HttpServletRequest request) {
        return request.getAttribute(OcpiCaller.ATTRIBUTE) instanceof OcpiCaller caller && caller.parties() != null
                && !caller.parties().isEmpty() ? caller.parties().get(0) : null;
    }

    /**
     * Translates request bodies and answers of other versions (see the class comment), for
     * {@link OcpiController}s only ({@link OcpiHandlers}).
     */
    @ControllerAdvice
    static class Translation implements RequestBodyAdvice, ResponseBodyAdvice<Object> {

        private final OcpiWires wires;
        private final ObjectMapper mapper;

        Translation(OcpiWires wires, ObjectMapper mapper) {
            this.wires = wires;
            this.mapper = mapper;
        }

        @Override
        public boolean supports(MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
            return OcpiHandlers.isOcpi(parameter.getContainingClass()) && currentVersion() != OcpiVersion.V2_2_1;
        }

        @Override
        public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                               Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
            var request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
            String path = OcpiPaths.of(request);
            byte[] body = input.getBody().readAllBytes();
            JsonNode tree;
            try {
                tree = OcpiJson.exactTree(mapper, body);
            } catch (JacksonException notJson) {
                return new ReplacedBody(input.getHeaders(), body); // the usual error path names what is wrong
            }
            JsonNode model = wires.toModel(versionOf(request), OcpiPaths.module(path), tree,
                    new OcpiWire.Exchange(request.getMethod(), path, true, partnerOf(request)));
            return new ReplacedBody(input.getHeaders(), mapper.writeValueAsBytes(model));
        }


        @Override
        public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                    Class<? extends HttpMessageConverter<?>> converterType) {
            return body;
        }

        @Override
        public Object handleEmptyBody(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                      Class<? extends HttpMessageConverter<?>> converterType) {
            return body;
        }

        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return OcpiHandlers.isOcpi(returnType.getContainingClass());
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                      Class<? extends HttpMessageConverter<?>> converterType,
                                      ServerHttpRequest request, ServerHttpResponse response) {
            if (!(body instanceof OcpiResponse<?> answer) || !(request instanceof ServletServerHttpRequest servlet)) {
                return body;
            }
            OcpiVersion version = versionOf(servlet.getServletRequest());
            if (version == OcpiVersion.V2_2_1) {
                return body;
            }
            if (answer.data() == null) {
                int code = version.statusCode(answer.statusCode());
                return code == answer.statusCode() ? body
                        : new OcpiResponse<>(null, code, answer.statusMessage(), answer.timestamp());
            }
            String path = OcpiPaths.of(servlet.getServletRequest());
            JsonNode data = wires.toWire(version, OcpiPaths.module(path), mapper.valueToTree(answer.data()),
                    new OcpiWire.Exchange(servlet.getServletRequest().getMethod(), path, false,
                            partnerOf(servlet.getServletRequest())));
            return new OcpiResponse<>(data, version.statusCode(answer.statusCode()), answer.statusMessage(),
                    answer.timestamp());
        }
    }
}
