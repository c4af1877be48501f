package com.rollyy.emsp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class EmspApplication {

    public static void main(String[] args) {
        SpringApplication.run(EmspApplication.class, args);
    }
}
