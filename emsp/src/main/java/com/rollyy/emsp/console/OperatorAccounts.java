package com.rollyy.emsp.console;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Console accounts in table console_operator, BCrypt-hashed; the sign-in's UserDetailsService. */
@Component
public class OperatorAccounts implements UserDetailsService {

    static final int MIN_PASSWORD_LENGTH = 12;
    private static final Logger log = LoggerFactory.getLogger(OperatorAccounts.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder = new BCryptPasswordEncoder();
    private final ConsoleProperties properties;

    OperatorAccounts(JdbcClient jdbc, ConsoleProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    PasswordEncoder encoder() {
        return encoder;
    }

    public record Account(String username, String passwordHash, OperatorRole role, boolean disabled) {
    }

    public Optional<Account> find(String username) {
        return jdbc.sql("select username, password_hash, role, disabled from console_operator where username = ?")
                .param(username)
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), OperatorRole.parse(rs.getString(3)),
                        rs.getBoolean(4)))
                .optional();
    }

    /**
     * Creates an account; false when the username is taken (an existing account is never changed).
     *
     * @throws IllegalArgumentException naming the field when the username or password is unusable
     */
    public boolean add(String username, OperatorRole role, String password) {
        if (username == null || username.isBlank() || username.strip().length() > 100) {
            throw new IllegalArgumentException("username is required (at most 100 characters)");
        }
        if (role == null) {
            throw new IllegalArgumentException("role must be viewer or operator");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return jdbc.sql("""
                        insert into console_operator (username, password_hash, role) values (?, ?, ?)
                        on conflict (username) do nothing""")
                .params(username.strip(), encoder.encode(password), role.value()).update() == 1;
    }

    public boolean anyOperator() {
        return jdbc.sql("select exists (select 1 from console_operator where role = 'operator' and not disabled)")
                .query(Boolean.class).single();
    }

    /** ROLLYY_CONSOLE_ADMIN_USERNAME / _PASSWORD: the first operator, only while there is none. */
    @EventListener(ApplicationReadyEvent.class)
    void createFirstOperator() {
        String username = properties.adminUsername();
        if (username == null || username.isBlank()) {
            if (!anyOperator()) {
                log.warn("No console operator exists: set ROLLYY_CONSOLE_ADMIN_USERNAME and ROLLYY_CONSOLE_ADMIN_PASSWORD"
                        + " or run the add-operator command (docs/console.md) to sign in at /console");
            }
            return;
        }
        if (anyOperator()) {
            return;
        }
        try {
            if (add(username, OperatorRole.OPERATOR, properties.adminPassword())) {
                log.info("Console operator '{}' created from configuration", username.strip());
            }
        } catch (IllegalArgumentException e) {
            log.error("Console operator from ROLLYY_CONSOLE_ADMIN_USERNAME not created: {}", e.getMessage());
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = find(username).orElseThrow(() -> new UsernameNotFoundException("No such operator"));
        return User.withUsername(account.username()).password(account.passwordHash())
                .authorities(List.of(new SimpleGrantedAuthority(account.role().authority())))
                .disabled(account.disabled()).build();
    }
}
