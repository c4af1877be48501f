package com.rollyy.cposim.ocpi;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Credentials-token generation and the {@code Authorization: Token ...} encoding of OCPI 2.2.1. */
public final class Tokens {

    static final int MAX_LENGTH = 64;
    private static final String PREFIX = "Token ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /**
     * A fresh token. URL-safe Base64 alphabet without padding: printable ASCII as the spec
     * demands, and it contains '-' or '_' often enough that it rarely parses as standard Base64,
     * which keeps "raw vs encoded" detection on the receiving side unambiguous in practice.
     */
    public static String generate(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Spec: string(64) of printable, non-whitespace ASCII (U+0021..U+007E). */
    public static boolean isValid(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return false;
        }
        return token.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    }

    public static String requireValid(String token, String name) {
        if (!isValid(token)) {
            throw new IllegalArgumentException(name + " must be 1..64 printable non-whitespace ASCII characters");
        }
        return token;
    }

    public static String authorizationHeader(String token, boolean raw) {
        return PREFIX + (raw ? token : encode(token));
    }

    static String encode(String token) {
        return Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The credential part of an {@code Authorization: Token <x>} header, if the scheme matches. */
    public static Optional<String> credentialOf(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String value = authorizationHeader.trim();
        if (value.length() <= PREFIX.length() || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String credential = value.substring(PREFIX.length()).trim();
        return credential.isEmpty() ? Optional.empty() : Optional.of(credential);
    }

    /** Strict standard-alphabet Base64 of UTF-8 text, or empty when the credential is not that. */
    public static Optional<String> decode(String credential) {
        try {
            byte[] bytes = Base64.getDecoder().decode(credential);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
