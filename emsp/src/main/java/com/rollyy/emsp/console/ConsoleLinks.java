package com.rollyy.emsp.console;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links are written as they are. Spring Boot would put Spring's ResourceUrlEncodingFilter under
 * Thymeleaf (the WebJars locator switches the resource chain on), and it looks every {@code @{…}}
 * link of every page up on the classpath, through all the jars, to see whether it is a static
 * resource to rewrite: measured with JFR, that was most of a console page's time (~10 ms of a
 * 3 KB page, ~1 ms per KB of a list). No console URL is versioned, so nothing needs rewriting;
 * this disabled registration makes Boot's own step back. WebJars are still served version-less.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilterOff() {
        var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
