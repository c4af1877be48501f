package com.rollyy.emsp.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator console (docs/console.md).
 *
 * @param sessionTimeout an idle console session ends after this long
 * @param adminUsername  the first operator, created at start-up when no operator exists yet
 * @param adminPassword  its password (never overwrites an existing account)
 * @param addOperator    command line: create this account and exit (password from ROLLYY_CONSOLE_PASSWORD)
 * @param role           the role given by {@code addOperator}
 */
@ConfigurationProperties("rollyy.console")
public record ConsoleProperties(@DefaultValue("30m") Duration sessionTimeout, String adminUsername,
                                String adminPassword, String addOperator, @DefaultValue("operator") String role) {
}
