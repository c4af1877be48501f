package com.rollyy.emsp.console;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar emsp-exec.jar --rollyy.console.add-operator=alice [--rollyy.console.role=viewer]}
 * with the password in ROLLYY_CONSOLE_PASSWORD: creates the console account against the configured
 * database and exits, without starting the web server.
 */
public final class OperatorCommand {

    static final String OPTION = "--rollyy.console.add-operator=";
    public static final String PASSWORD_ENV = "ROLLYY_CONSOLE_PASSWORD";

    private OperatorCommand() {
    }

    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.startsWith(OPTION));
    }

    /** Starts the application without web server, adds the account, stops; the process's exit code. */
    public static int run(Class<?> application, String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .properties(Map.of("rollyy.sync.enabled", "false", "spring.main.banner-mode", "off"))
                .run(args)) {
            ConsoleProperties properties = context.getBean(ConsoleProperties.class);
            return add(context.getBean(OperatorAccounts.class), properties.addOperator(), properties.role(),
                    System.getenv(PASSWORD_ENV), System.out, System.err);
        }
    }

    static int add(OperatorAccounts accounts, String username, String role, String password, PrintStream out,
                   PrintStream err) {
        OperatorRole parsed = OperatorRole.parse(role);
        if (parsed == null) {
            err.println("rollyy.console.role must be viewer or operator: '" + role + "'");
            return 2;
        }
        if (password == null || password.isEmpty()) {
            err.println("Set the new account's password in the environment variable " + PASSWORD_ENV);
            return 2;
        }
        try {
            if (!accounts.add(username, parsed, password)) {
                err.println("Console account '" + username.strip() + "' exists already: left unchanged");
                return 1;
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        out.println("Console account '" + username.strip() + "' created with role " + parsed.value());
        return 0;
    }
}
