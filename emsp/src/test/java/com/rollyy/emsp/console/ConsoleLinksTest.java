package com.rollyy.emsp.console;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No filter looks the console's links up on the classpath (it was most of a page's time, see
 * {@link ConsoleLinks}), and the WebJars the pages load are still served without their version.
 */
class ConsoleLinksTest extends EmspIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void noResourceUrlEncodingFilterRunsAndWebJarsAreStillServed() {
        var registrations = context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .filter(r -> r.getFilter() instanceof ResourceUrlEncodingFilter).toList();
        assertThat(registrations).isNotEmpty().allSatisfy(r -> assertThat(r.isEnabled()).isFalse());
        assertThat(context.getBeansOfType(ResourceUrlEncodingFilter.class)).isEmpty();

        assertThat(TestHttp.request("GET", url("/webjars/htmx.org/dist/htmx.min.js")).send().status()).isEqualTo(200);
        assertThat(TestHttp.request("GET", url("/console/login")).send().body())
                .contains("src=\"/webjars/htmx.org/dist/htmx.min.js\"");
    }
}
