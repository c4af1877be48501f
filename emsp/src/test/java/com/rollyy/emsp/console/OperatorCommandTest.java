package com.rollyy.emsp.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.support.EmspIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The first operator (docs/console.md): the add-operator command line and configuration; never overwrites. */
class OperatorCommandTest extends EmspIntegrationTest {

    @Autowired
    OperatorAccounts accounts;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int add(String username, String role, String password) {
        out.reset();
        err.reset();
        return OperatorCommand.add(accounts, username, role, password, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void createsAViewerWithAHashedPasswordAndNeverOverwritesIt() {
        assertThat(add("cli-viewer", "viewer", "a-long-enough-password")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("'cli-viewer' created with role viewer");
        var account = accounts.find("cli-viewer").orElseThrow();
        assertThat(account.role()).isEqualTo(OperatorRole.VIEWER);
        assertThat(account.passwordHash()).startsWith("$2").doesNotContain("a-long-enough-password");

        assertThat(add("cli-viewer", "operator", "another-long-password")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists already");
        assertThat(accounts.find("cli-viewer").orElseThrow().role()).isEqualTo(OperatorRole.VIEWER);
    }

    @Test
    void theFirstOperatorComesFromConfigurationOnlyWhileThereIsNone() {
        jdbc.sql("delete from console_operator").update();
        var config = new OperatorAccounts(jdbc, new ConsoleProperties(java.time.Duration.ofMinutes(30), "cfg-admin",
                "configured-password", null, "operator", null));

        config.createFirstOperator();
        var admin = accounts.find("cfg-admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(OperatorRole.OPERATOR);
        assertThat(accounts.encoder().matches("configured-password", admin.passwordHash())).isTrue();

        // an operator exists: another configured name is not created, the existing one never overwritten
        new OperatorAccounts(jdbc, new ConsoleProperties(java.time.Duration.ofMinutes(30), "cfg-other",
                "other-password-long", null, "operator", null)).createFirstOperator();
        new OperatorAccounts(jdbc, new ConsoleProperties(java.time.Duration.ofMinutes(30), "cfg-admin",
                "changed-password-long", null, "operator", null)).createFirstOperator();
        assertThat(accounts.find("cfg-other")).isEmpty();
        assertThat(accounts.find("cfg-admin").orElseThrow().passwordHash()).isEqualTo(admin.passwordHash());
    }

    @Test
    void refusesBadInputNamingTheField() {
        assertThat(add("cli-x", "admin", "a-long-enough-password")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("rollyy.console.role must be viewer or operator");
        assertThat(add("cli-x", "operator", null)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ROLLYY_CONSOLE_PASSWORD");
        assertThat(add("cli-x", "operator", "short")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("password must be at least 12 characters");
        assertThat(accounts.find("cli-x")).isEmpty();
    }
}
