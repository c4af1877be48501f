package com.rollyy.emsp.console;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every POST a console controller handles is written to the audit log, with its outcome. */
@Configuration(proxyBeanMethods = false)
class ConsoleAuditInterceptor implements WebMvcConfigurer {

    /** The request attribute a handler sets with {@link ConsoleModel#auditDetail}. */
    static final String DETAIL = ConsoleAuditInterceptor.class.getName() + ".detail";

    private final ConsoleAudit audit;

    ConsoleAuditInterceptor(ConsoleAudit audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                        Exception ex) {
                if (!"POST".equals(request.getMethod()) || !(handler instanceof HandlerMethod method)
                        || !method.getBeanType().getPackageName().equals(ConsoleAudit.class.getPackageName())) {
                    return;
                }
                var auth = SecurityContextHolder.getContext().getAuthentication();
                var detail = new java.util.LinkedHashMap<String, Object>();
                if (request.getAttribute(DETAIL) instanceof Map<?, ?> extra) {
                    extra.forEach((k, v) -> detail.put(String.valueOf(k), v));
                }
                detail.put("status", ex == null ? response.getStatus() : 500);
                audit.record(auth == null ? "anonymous" : auth.getName(),
                        method.getMethod().getName(), request.getRequestURI(), detail);
            }
        }).addPathPatterns("/console/**");
    }
}
