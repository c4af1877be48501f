package com.rollyy.emsp.connections;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;


/** Product API (X-API-Key) for onboarding CPOs: register with one, invite one, list, rotate, unregister. */
@RestController
class ConnectionsApiController {

    private final HandshakeService handshake;

    private final com.rollyy.emsp.ocpi.PeerCircuits circuits;
    private final com.rollyy.emsp.ocpi.RateLimiter rateLimiter;
    private final ConnectionRateLimitStore rateLimits;
    private final com.rollyy.emsp.ocpi.PeerCallHistory calls;
    private final PullStates pulls;

    ConnectionsApiController(HandshakeService handshake, com.rollyy.emsp.ocpi.PeerCircuits circuits,
                             com.rollyy.emsp.ocpi.RateLimiter rateLimiter, ConnectionRateLimitStore rateLimits,
                             com.rollyy.emsp.ocpi.PeerCallHistory calls, PullStates pulls) {
        this.calls = calls;
        this.pulls = pulls;
        this.circuits = circuits;
        this.handshake = handshake;
        this.rateLimiter = rateLimiter;
        this.rateLimits = rateLimits;
    }

    record RegisterRequest(
            @NotBlank(message = "is required: a name for this CPO") @Size(max = 100) String cpoName,
            @NotBlank(message = "is required: the CPO's OCPI versions URL")
            @Pattern(regexp = "(?i)https?://\\S+", message = "must be an http(s) URL") @Size(max = 255)
            String versionsUrl,
            @NotBlank(message = "is required: the token A the CPO gave you out of band. Has the CPO given you"
                    + " none? Then let it register with us: POST /ocpi/invitations answers a token A and our"
                    + " versions URL to hand to the CPO") @Size(max = 64)
            String token,
            Boolean rawToken) {

        @Override
        public String toString() {
            return "RegisterRequest[cpoName=" + cpoName + ", versionsUrl=" + versionsUrl + "]";
        }
    }

    /** {@code version}: the OCPI version both sides settled on (the highest both offer). */
    record RegisterResponse(UUID connectionId, String cpoName, String status, List<String> modules,
                            @Schema(example = "2.2.1") String version) {
    }

    record InvitationRequest(@Size(max = 100) String cpoName, Boolean rawToken) {
    }

    record InvitationResponse(UUID connectionId, String token, String versionsUrl, Instant expiresAt) {
    }

    /**
     * {@code circuit}: the circuit breaker of the peer's host (closed, half_open, open), as the
     * meter {@code ocpi_client_circuit_state} shows it: open means our calls to it fail at once.
     */
    record ConnectionView(UUID id, String cpoName, String versionsUrl, String status, List<String> modules,
                          String countryCode, String partyId, String version, boolean rawToken,
                          String initiatedBy, Instant createdAt, Instant updatedAt, String circuit,
                          RateLimitView rateLimit, HealthView health, QuirksView quirks) {
    }

    @Schema(description = "How this partner deviates from the spec, and how we deal with it when we call it"
            + " (docs/ocpi-conformance.md, \"Partner quirk profiles\"). The defaults suit a spec-exact peer")
    record QuirksView(
            @Schema(description = "how our token is sent in the Authorization header: base64 (OCPI 2.2.1) or raw"
                    + " (2.1.1-era peers); the same as raw_token", allowableValues = {"base64", "raw"},
                    example = "base64")
            String tokenEncoding,
            @Schema(description = "the largest page (limit) our pulls ask this partner for; null: no cap",
                    example = "50", nullable = true)
            Integer pageSizeCap,
            @Schema(description = "false: no OCPI-from/to-* routing headers are sent to this partner", example = "true")
            boolean routingHeaders,
            @Schema(description = "true: an enum value we do not know (e.g. of OCPI 2.3.0) in an object read from this"
                    + " partner is dropped from optional fields and lists instead of making the object malformed",
                    example = "false")
            boolean tolerateNewerEnums,
            @Schema(description = "read timeout of our calls to this partner (ISO-8601); null: rollyy.ocpi.read-timeout",
                    example = "PT10S", nullable = true)
            String requestTimeout,
            @Schema(description = "true: a Link next-page URL on another host than the versions URL's is rewritten to"
                    + " the versions URL's scheme, host and port", example = "false")
            boolean rewriteInternalLinks) {

        static QuirksView of(Connection c) {
            var q = c.quirks();
            return new QuirksView(c.rawTokenAuth() ? "raw" : "base64", q.pageSizeCap(), q.routingHeaders(),
                    q.tolerateNewerEnums(), q.requestTimeout() == null ? null : q.requestTimeout().toString(),
                    q.rewriteInternalLinks());
        }
    }

    @Schema(description = "Changes to the quirk profile: only the fields given change; page_size_cap and"
            + " request_timeout take null to go back to the default")
    record QuirksSettings(
            @Schema(allowableValues = {"base64", "raw"}, example = "raw") String tokenEncoding,
            @Schema(description = "1..10000, or null for no cap", example = "50", nullable = true) Integer pageSizeCap,
            @Schema(example = "false") Boolean routingHeaders,
            @Schema(example = "true") Boolean tolerateNewerEnums,
            @Schema(description = "ISO-8601 duration (\"PT10S\") or a number of seconds, 1 s to 120 s; null: the"
                    + " global rollyy.ocpi.read-timeout", example = "PT10S", nullable = true) String requestTimeout,
            @Schema(example = "true") Boolean rewriteInternalLinks) {
    }

    private ConnectionView view(Connection c) {
        return view(c, pulls.of(c.id()));
    }

    private ConnectionView view(Connection c, List<PullStates.PullState> pulled) {
        return new ConnectionView(c.id(), c.cpoName(), c.versionsUrl(), c.status().name().toLowerCase(),
                modulesUsed(c), c.countryCode(), c.partyId(), c.version(), c.rawTokenAuth(),
                c.initiatedBy().name().toLowerCase(), c.createdAt(), c.updatedAt(),
                circuits.stateOf(c.versionsUrl()), RateLimitView.of(rateLimiter.ocpiLimit(c.id())),
                HealthView.of(calls.lastHour(c.id()), pulled), QuirksView.of(c));
    }

    @Schema(description = "How talking to this connection went: the OCPI requests this instance sent it over the"
            + " last hour (from the ocpi_client_requests_seconds meter) and the last pull of each module")
    record HealthView(
            @Schema(description = "requests sent in the last hour (or since counted_since)", example = "120")
            long callsLastHour,
            @Schema(description = "of which the peer refused (HTTP error or OCPI status_code not 1xxx)", example = "2")
            long rejectedLastHour,
            @Schema(description = "of which got no usable answer (unreachable, timeout, not OCPI, circuit open)",
                    example = "1")
            long failedLastHour,
            @Schema(description = "(rejected + failed) / calls; 0 without calls", example = "0.025")
            double errorRateLastHour,
            @Schema(description = "start of the counted period: an hour ago, or this instance's start if later")
            Instant countedSince,
            List<PullView> pulls) {

        static HealthView of(com.rollyy.emsp.ocpi.PeerCallHistory.Counts calls, List<PullStates.PullState> pulled) {
            return new HealthView(calls.calls(), calls.rejected(), calls.failed(), calls.errorRate(), calls.since(),
                    pulled.stream().map(p -> new PullView(p.module(), p.lastSuccessAt(), p.lastError(), p.lastCount(),
                            p.running())).toList());
        }
    }

    @Schema(description = "The last pull of one module from the connection's Sender interface (on any instance)")
    record PullView(
            @Schema(example = "locations") String module,
            @Schema(description = "when a pull last succeeded; null: never") Instant lastSuccessAt,
            @Schema(description = "why the last pull failed; null when it succeeded") String lastError,
            @Schema(description = "objects the last successful pull read", example = "40") Integer lastCount,
            @Schema(description = "a pull of this module is running now") boolean running) {
    }

    @Schema(description = "The rate limit this connection's OCPI requests get, on all instances together: its own"
            + " override where set, else rollyy.rate-limit.ocpi-per-second / ocpi-burst")
    record RateLimitView(
            @Schema(description = "false when rate limiting is switched off (rollyy.rate-limit.enabled)", example = "true")
            boolean enabled,
            @Schema(description = "sustained requests per second", example = "500.0") double perSecond,
            @Schema(description = "requests a quiet connection may send at once", example = "1000") int burst,
            @Schema(description = "per_second is the configured default, not this connection's own", example = "true")
            boolean perSecondDefault,
            @Schema(description = "burst is the configured default, not this connection's own", example = "true")
            boolean burstDefault) {

        static RateLimitView of(com.rollyy.emsp.ocpi.RateLimiter.Effective e) {
            return new RateLimitView(e.enabled(), e.perSecond(), e.burst(), e.perSecondDefault(), e.burstDefault());
        }
    }

    record ConnectionSettings(
            Boolean rawToken,
            @Schema(description = "this connection's own rate limit; replaces its override as a whole: a field null or"
                    + " absent takes the default, so {\"per_second\": null, \"burst\": null} goes back to the defaults."
                    + " Absent or null: unchanged")
            @Valid RateLimitSettings rateLimit,
            @Schema(implementation = QuirksSettings.class, description = "changes to the quirk profile; only the"
                    + " fields given change. Absent or null: unchanged")
            QuirksPatch quirks) {
    }

    /** The {@code quirks} object as sent, read by {@link QuirkChanges} (absent and null fields differ there). */
    @Schema(implementation = QuirksSettings.class)
    record QuirksPatch(tools.jackson.databind.JsonNode json) {

        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        QuirksPatch(tools.jackson.databind.JsonNode json) {
            this.json = json;
        }
    }

    record RateLimitSettings(
            @Schema(description = "sustained requests per second (> 0, may be a fraction); null: the default",
                    example = "50", nullable = true)
            @Positive @DecimalMax(value = "1000000", message = "must be at most 1000000") Double perSecond,
            @Schema(description = "requests a quiet connection may send at once (>= 1); null: the default",
                    example = "100", nullable = true)
            @Positive @Max(value = 10_000_000, message = "must be at most 10000000") Integer burst) {
    }

    @PostMapping("/ocpi/register")
    @ResponseStatus(HttpStatus.CREATED)
    RegisterResponse register(@Valid @RequestBody RegisterRequest request) {
        Connection c = handshake.register(request.cpoName().strip(), request.versionsUrl().strip(),
                request.token().strip(), Boolean.TRUE.equals(request.rawToken()));
        return new RegisterResponse(c.id(), c.cpoName(), c.status().name().toLowerCase(), modulesUsed(c), c.version());
    }

    @PostMapping("/ocpi/invitations")
    @ResponseStatus(HttpStatus.CREATED)
    InvitationResponse invite(@Valid @RequestBody(required = false) InvitationRequest request) {
        var invitation = handshake.invite(request == null ? null : request.cpoName(),
                request != null && Boolean.TRUE.equals(request.rawToken()));
        return new InvitationResponse(invitation.connectionId(), invitation.token(), invitation.versionsUrl(),
                invitation.expiresAt());
    }

    @GetMapping("/ocpi/connections")
    List<ConnectionView> connections() {
        var pulled = pulls.all();
        return handshake.connections().stream().map(c -> view(c, pulled.getOrDefault(c.id(), List.of()))).toList();
    }

    @GetMapping("/ocpi/connections/{id}")
    ConnectionView connection(@PathVariable UUID id) {
        return view(handshake.connection(id));
    }

    @PatchMapping("/ocpi/connections/{id}")
    ConnectionView update(@PathVariable UUID id, @Valid @RequestBody ConnectionSettings settings) {
        Connection c = handshake.connection(id);
        Boolean raw = settings.rawToken();
        com.rollyy.emsp.ocpi.PartnerQuirks quirks = null;
        if (settings.quirks() != null && settings.quirks().json() != null && !settings.quirks().json().isNull()) {
            var changes = QuirkChanges.read(settings.quirks().json(), c.quirks());
            if (changes.raw() != null) {
                if (raw != null && !raw.equals(changes.raw())) {
                    throw com.rollyy.emsp.api.ApiException.badRequest("'quirks.token_encoding' ("
                            + (changes.raw() ? "raw" : "base64") + ") contradicts 'raw_token' (" + raw + ")");
                }
                raw = changes.raw();
            }
            quirks = changes.quirks();
        }
        if (quirks != null) {
            c = handshake.setQuirks(id, quirks);
        }
        if (settings.rateLimit() != null) {
            rateLimits.set(id, new com.rollyy.emsp.config.RateLimitProperties.Limit(settings.rateLimit().perSecond(),
                    settings.rateLimit().burst()));
            c = handshake.connection(id);
        }
        if (raw != null) {
            c = handshake.setRawTokenAuth(id, raw);
        }
        return view(c);
    }

    @PostMapping("/ocpi/connections/{id}/rotate")
    ConnectionView rotate(@PathVariable UUID id) {
        return view(handshake.rotate(id));
    }

    @DeleteMapping("/ocpi/connections/{id}")
    ConnectionView unregister(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean force) {
        return view(handshake.unregister(id, force));
    }

    static List<String> modulesUsed(Connection c) {
        return c.modulesUsed();
    }

}
