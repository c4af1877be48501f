package com.rollyy.emsp.ocpi;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;
import tools.jackson.databind.ObjectMapper;

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

    /**
     * Replaces the host's error report valve (Spring Boot's, added just before) by one that
     * answers OCPI paths with the envelope: requests Tomcat refuses itself never reach our filters.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> ocpiErrorReports(ObjectMapper mapper) {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(OcpiErrorReportValve.class.getName());
                host.getPipeline().addValve(new OcpiErrorReportValve(mapper));
            }
        });
    }
}
