package com.rollyy.emsp.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.rollyy.emsp.config.RollyyProperties;

/**
 * The key for {@link TokenCipher}: {@code ROLLYY_SECRET_KEY} (any string; SHA-256 makes the AES
 * key of it). Unset on the embedded default database, one is generated once and kept in
 * {@code <data-dir>/secret.key}; unset with an external database, start-up fails, because a key
 * that lives only on one machine would make the stored tokens unreadable elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class SecretKeyConfig {

    private static final Logger log = LoggerFactory.getLogger(SecretKeyConfig.class);

    @Bean
    TokenCipher tokenCipher(RollyyProperties properties, Environment environment) throws IOException {
        String secret = properties.secretKey();
        if (secret == null || secret.isBlank()) {
            String url = environment.getProperty("spring.datasource.url");
            if (url != null && !url.isBlank()) {
                throw new IllegalStateException("ROLLYY_SECRET_KEY must be set when SPRING_DATASOURCE_URL is set: "
                        + "it encrypts the peers' tokens stored in that database");
            }
            secret = generatedSecret(properties.dataDir().resolve("secret.key"));
        }
        return new TokenCipher(new SecretKeySpec(sha256(secret), "AES"));
    }

    private static String generatedSecret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getEncoder().encodeToString(bytes);
        Files.writeString(file, secret, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on non-POSIX file systems
        }
        log.info("ROLLYY_SECRET_KEY not set: generated one in {}", file.toAbsolutePath());
        return secret;
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
