package com.rollyy.emsp.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How user JWTs are verified ({@code rollyy.jwt.*}): a JWK Set URI (RS/ES-signed tokens of an
 * identity provider) or an HMAC-SHA256 shared secret of at least 32 bytes. With neither, every
 * JWT-protected endpoint answers 401.
 *
 * @param jwksUri the identity provider's JWK Set URL ({@code ROLLYY_JWT_JWKS_URI}); wins over the secret
 * @param secret  HS256 shared secret ({@code ROLLYY_JWT_SECRET})
 * @param issuer  when set, the {@code iss} claim must equal it ({@code ROLLYY_JWT_ISSUER})
 * @param audience when set, the {@code aud} claim must contain it ({@code ROLLYY_JWT_AUDIENCE})
 */
@ConfigurationProperties("rollyy.jwt")
public record JwtProperties(String jwksUri, String secret, String issuer, String audience) {
}
