package com.rollyy.emsp.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.ObjectMapper;

/**
 * An OpenID Connect provider as the console's single sign-on needs it: discovery document, JWKS,
 * an authorization endpoint that signs in whoever {@link #nextUser} names (no form: the test
 * decides who the person is) and a token endpoint that checks the client's secret and the code,
 * and answers an RS256 ID token with the nonce of the authorization request.
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "rollyy-console";
    public static final String CLIENT_SECRET = "console-client-secret";

    private record Grant(String username, List<String> groups, String nonce, String redirectUri) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicReference<Grant> next = new AtomicReference<>();

    private FakeOidcProvider() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/.well-known/openid-configuration", e -> json(e, 200, Map.of(
                "issuer", issuer(),
                "authorization_endpoint", issuer() + "/authorize",
                "token_endpoint", issuer() + "/token",
                "jwks_uri", issuer() + "/jwks",
                "response_types_supported", List.of("code"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic"))));
        server.createContext("/jwks", e -> json(e, 200, new JWKSet(key.toPublicJWK()).toJSONObject()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    public static FakeOidcProvider start() {
        try {
            return new FakeOidcProvider();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person the next authorization request signs in, with the groups of their ID token. */
    public void nextUser(String username, List<String> groups) {
        next.set(new Grant(username, groups, null, null));
    }

    private void authorize(HttpExchange e) throws IOException {
        Map<String, String> q = params(e.getRequestURI().getRawQuery());
        Grant who = next.getAndSet(null);
        if (who == null || !CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))) {
            e.sendResponseHeaders(400, -1);
            e.close();
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(who.username(), who.groups(), q.get("nonce"), q.get("redirect_uri")));
        e.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private void token(HttpExchange e) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = params(new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = codes.remove(String.valueOf(form.get("code")));
        if (!basic.equals(e.getRequestHeaders().getFirst("Authorization"))) {
            json(e, 401, Map.of("error", "invalid_client"));
            return;
        }
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            json(e, 400, Map.of("error", "invalid_grant"));
            return;
        }
        try {
            var claims = new JWTClaimsSet.Builder().issuer(issuer()).subject("sub-" + grant.username())
                    .audience(CLIENT_ID).issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .claim("nonce", grant.nonce()).claim("preferred_username", grant.username())
                    .claim("groups", grant.groups()).build();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            json(e, 200, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer",
                    "expires_in", 300, "scope", "openid profile email", "id_token", jwt.serialize()));
        } catch (Exception ex) {
            json(e, 500, Map.of("error", String.valueOf(ex)));
        }
    }

    private static Map<String, String> params(String raw) {
        var out = new HashMap<String, String>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private void json(HttpExchange e, int status, Object body) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
