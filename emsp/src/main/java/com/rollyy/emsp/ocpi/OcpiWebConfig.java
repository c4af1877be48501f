package com.rollyy.emsp.ocpi;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/** Peers join URLs with and without a trailing slash: serve OCPI paths both ways. */
@Configuration(proxyBeanMethods = false)
class OcpiWebConfig {

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlash() {
        var filter = UrlHandlerFilter.trailingSlashHandler("/ocpi/**").wrapRequest().build();
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
