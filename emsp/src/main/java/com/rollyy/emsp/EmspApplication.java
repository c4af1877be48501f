package com.rollyy.emsp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EmspApplication {

    public static void main(String[] args) {
        com.rollyy.emsp.ocpi.HttpKeepAlive.apply(); // before any HTTP client is built
        if (com.rollyy.emsp.console.OperatorCommand.requested(args)) {
            System.exit(com.rollyy.emsp.console.OperatorCommand.run(EmspApplication.class, args));
        }
        var application = new SpringApplication(EmspApplication.class);
        com.rollyy.emsp.config.StartupTimings.recordStepsIfAsked(application);
        application.run(args);
    }
}
