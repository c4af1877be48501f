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
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.ObjectMapper;

/**
 * Peers join URLs with and without a trailing slash: serve OCPI paths both ways. Tomcat's error
 * pages of OCPI paths are envelopes. Request and answer bodies are JSON only.
 */
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
     * Bodies are JSON (and text, bytes, forms, resources for the console and the API document):
     * the XML and YAML converters that Spring adds because JAXB and Jackson's YAML module are on
     * the class path (springdoc brings them; it writes its YAML document itself) are removed.
     * Every answer without a declared content type asked each converter whether it could write
     * the value, 2 of 8 for formats we never speak.
     */
    @Bean
    WebMvcConfigurer jsonOnlyBodies() {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(java.util.List<HttpMessageConverter<?>> converters) {
                converters.removeIf(c -> {
                    String name = c.getClass().getName();
                    return name.equals("org.springframework.http.converter.yaml.MappingJackson2YamlHttpMessageConverter")
                            || name.equals("org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter");
                });
            }
        };
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
