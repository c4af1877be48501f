package com.rollyy.emsp.tokens;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.config.RollyyProperties;
import com.rollyy.emsp.ocpi.CiString;
import com.rollyy.emsp.ocpi.OcpiPage;
import com.rollyy.emsp.ocpi.OcpiPageRequest;

/**
 * Our tokens: create, change, revoke, read. Every change bumps {@code last_updated} (strictly,
 * so each change is a distinct version for the pull list and the pushes), evicts the cached copy,
 * and schedules its push to every CPO in the same transaction.
 */
@Service
public class TokenService {

    private final TokenRepository repository;
    private final TokenCache cache;
    private final TokenPushes pushes;
    private final RollyyProperties properties;

    TokenService(TokenRepository repository, TokenCache cache, TokenPushes pushes, RollyyProperties properties) {
        this.repository = repository;
        this.cache = cache;
        this.pushes = pushes;
        this.properties = properties;
    }

    public record Revocation(boolean revoked, String uid, Token.Type type, int pushedTo) {
    }

    @Transactional
    public StoredToken create(NewToken in) {
        var type = in.type();
        var token = new StoredToken(properties.countryCode(), properties.partyId(), in.uid(), type, in.contractId(),
                in.visualNumber(), in.issuer() != null ? in.issuer() : properties.businessName(), in.groupId(),
                in.valid() == null || in.valid(),
                in.whitelist() != null ? in.whitelist() : defaultWhitelist(type), in.language(),
                in.defaultProfileType(), in.energyContract() == null ? null : in.energyContract().toOcpi(),
                in.fleetId(), in.robotId(),
                locationKeys(in.allowedLocationIds() == null ? List.of() : in.allowedLocationIds()), in.expiresAt(),
                now());
        if (!repository.insert(token)) {
            throw new ApiException(HttpStatus.CONFLICT, "conflict",
                    "A token with uid '" + in.uid() + "' and type " + type + " exists already");
        }
        cache.evict(token.key());
        pushes.schedule(token, TokenPushes.Method.PUT);
        return token;
    }

    @Transactional
    public StoredToken change(String uid, Token.Type type, TokenChange change) {
        var current = repository.findForUpdate(resolve(uid, type).key()).orElseThrow(() -> unknown(uid, type));
        var changed = change.applyTo(current, after(current.lastUpdated()));
        repository.update(changed);
        cache.evict(changed.key());
        pushes.schedule(changed, TokenPushes.Method.PATCH);
        return changed;
    }

    /** valid=false, pushed as the spec's invalidation PATCH. Tokens are never deleted. */
    @Transactional
    public Revocation revoke(String uid, Token.Type type) {
        var current = repository.findForUpdate(resolve(uid, type).key()).orElseThrow(() -> unknown(uid, type));
        var revoked = new TokenChange(false, null, null, null, null, null, null, null, null, null, null, null)
                .applyTo(current, after(current.lastUpdated()));
        repository.update(revoked);
        cache.evict(revoked.key());
        int pushedTo = pushes.schedule(revoked, TokenPushes.Method.PATCH);
        return new Revocation(true, revoked.uid(), revoked.type(), pushedTo);
    }

    /**
     * The token with this uid and type; without a type, the only token with this uid (the product
     * API's convenience: most uids exist in one type only).
     */
    public StoredToken resolve(String uid, Token.Type type) {
        if (type != null) {
            return repository.find(TokenKey.of(uid, type)).orElseThrow(() -> unknown(uid, type));
        }
        var all = repository.withUid(CiString.key(uid));
        if (all.isEmpty()) {
            throw unknown(uid, null);
        }
        if (all.size() > 1) {
            throw ApiException.badRequest("Token uid '" + uid + "' exists with types "
                    + all.stream().map(t -> t.type().name()).toList() + ": pass ?type=");
        }
        return all.get(0);
    }

    public List<StoredToken> list(String fleetId, String robotId, Boolean valid, int limit, int offset) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and 1000");
        }
        if (offset < 0) {
            throw ApiException.badRequest("Parameter 'offset' must not be negative");
        }
        return repository.list(fleetId, robotId, valid, limit, offset);
    }

    /**
     * The console's search: tokens whose uid, contract id or visual number starts with
     * {@code prefix} (any case; blank = all), valid or not (null = both), in uid order.
     */
    public List<StoredToken> search(String prefix, Boolean valid, int limit, int offset) {
        if (limit < 1 || limit > 1000 || offset < 0) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and 1000, 'offset' not negative");
        }
        return repository.search(prefix == null || prefix.isBlank() ? null : prefix.strip(), valid, limit, offset);
    }

    /** The pushes of this token's changes to CPOs, newest change first (at most {@code limit}). */
    public List<TokenPush> pushes(String uid, Token.Type type, int limit) {
        return repository.pushes(TokenKey.of(uid, type), limit);
    }

    /** The connections a change (a revocation) would be pushed to now. */
    public List<java.util.UUID> pushTargets() {
        return pushes.targets();
    }

    /** The hot path of authorize: from memory when we can. */
    Optional<StoredToken> cached(TokenKey key) {
        return cache.get(key, repository::find);
    }

    OcpiPage<Token> page(OcpiPageRequest page) {
        long total = repository.count(page.dateFrom(), page.dateTo());
        var items = page.offset() >= total ? List.<Token>of()
                : repository.page(page.dateFrom(), page.dateTo(), page.offset(), page.limit()).stream()
                        .map(StoredToken::toOcpi).toList();
        return new OcpiPage<>(items, total);
    }

    static List<String> locationKeys(List<String> ids) {
        return ids.stream().map(CiString::key).distinct().toList();
    }

    /** The spec's advice: app and ad-hoc users are always authorized in real time. */
    private static Token.Whitelist defaultWhitelist(Token.Type type) {
        return type == Token.Type.APP_USER || type == Token.Type.AD_HOC_USER ? Token.Whitelist.NEVER
                : Token.Whitelist.ALLOWED;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Strictly later than the previous version, even within one millisecond. */
    private static Instant after(Instant previous) {
        Instant now = now();
        return now.isAfter(previous) ? now : previous.plusMillis(1);
    }

    private static ApiException unknown(String uid, Token.Type type) {
        return ApiException.notFound("No token with uid '" + uid + "'" + (type == null ? "" : " and type " + type));
    }
}
