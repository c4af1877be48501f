package com.rollyy.emsp.connections;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Roaming hubs, bound from {@code rollyy.hubs.<hub>.*}. Built-in defaults exist for the hubs
 * whose facts are known (Gireve); anything unknown must be configured, and
 * {@link #resolve(String)} names exactly which key is missing. docs/hubs.md explains each value.
 */
@ConfigurationProperties("rollyy")
public record HubsProperties(@DefaultValue Map<String, Hub> hubs) {

    public static final List<String> BUILT_IN = List.of("gireve", "hubject");

    public enum Environment { PREPROD, PROD }

    /** INITIATE: we POST our credentials with the hub's token A. AWAIT: the hub registers with a token A of ours. */
    public enum RegistrationMode { INITIATE, AWAIT }

    /** Whom OCPI-to-* names on requests we send over the hub: the CPO party addressed, or the hub itself. */
    public enum ToHeaderPolicy { TARGET_PARTY, HUB_PARTY }

    /** One hub as configured; every field may be null (then the built-in default, if any, applies). */
    public record Hub(String versionsUrl, String token, Environment environment, String countryCode, String partyId,
                      RegistrationMode registrationMode, ToHeaderPolicy toHeaderPolicy,
                      Boolean supportsHubclientinfo, Boolean supportsCredentialsPut, Boolean supportsChargingProfiles,
                      Boolean rawToken, @DefaultValue Map<String, Integer> pageLimits) {

        @Override
        public String toString() {
            return "Hub[versionsUrl=" + versionsUrl + ", environment=" + environment + ", party=" + countryCode + "/"
                    + partyId + ", mode=" + registrationMode + "]";
        }
    }

    /** A hub with every default applied: what connecting and routing use. */
    public record HubSettings(String name, String versionsUrl, String token, Environment environment,
                              String countryCode, String partyId, RegistrationMode registrationMode,
                              ToHeaderPolicy toHeaderPolicy, boolean supportsHubClientInfo,
                              boolean supportsCredentialsPut, boolean supportsChargingProfiles, boolean rawToken,
                              Map<String, Integer> pageLimits) {

        @Override
        public String toString() {
            return "HubSettings[" + name + " " + environment + " " + countryCode + "/" + partyId + "]";
        }
    }

    /** Thrown with the exact keys that are missing, or when the hub is neither built in nor configured. */
    public static final class HubConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        HubConfigException(String code, String message) {
            super(message);
            this.code = code;
        }

        /** unknown_hub or hub_not_configured */
        public String code() {
            return code;
        }
    }

    public boolean isKnown(String name) {
        return name != null && (BUILT_IN.contains(name.toLowerCase(Locale.ROOT)) || hubs.containsKey(name));
    }

    /** The settings of one hub, or null when the hub is not known. Never throws for missing keys. */
    public HubSettings settings(String name) {
        if (!isKnown(name)) {
            return null;
        }
        String key = name.toLowerCase(Locale.ROOT);
        Hub h = hubs.getOrDefault(name, hubs.get(key));
        if (h == null) {
            h = new Hub(null, null, null, null, null, null, null, null, null, null, null, Map.of());
        }
        boolean gireve = key.equals("gireve");
        Environment env = h.environment() == null ? Environment.PREPROD : h.environment();
        String cc = h.countryCode() != null ? h.countryCode() : gireve ? "FR" : null;
        String pid = h.partyId() != null ? h.partyId() : gireve ? (env == Environment.PROD ? "007" : "107") : null;
        // Gireve's 2.2.1 guide: only "Register - FromIOP" exists, so the hub registers with us
        RegistrationMode mode = h.registrationMode() != null ? h.registrationMode()
                : gireve ? RegistrationMode.AWAIT : RegistrationMode.INITIATE;
        boolean hubClientInfo = h.supportsHubclientinfo() != null ? h.supportsHubclientinfo() : !gireve;
        boolean credentialsPut = h.supportsCredentialsPut() != null ? h.supportsCredentialsPut() : !gireve;
        boolean profiles = h.supportsChargingProfiles() != null ? h.supportsChargingProfiles() : !gireve;
        Map<String, Integer> limits = h.pageLimits() != null && !h.pageLimits().isEmpty() ? h.pageLimits()
                : gireve ? Map.of("locations", 100, "tokens", 1000, "cdrs", 20, "tariffs", 100) : Map.of();
        return new HubSettings(key.equals(name) ? key : name, h.versionsUrl(), h.token(), env,
                cc == null ? null : cc.toUpperCase(Locale.ROOT), pid == null ? null : pid.toUpperCase(Locale.ROOT),
                mode, h.toHeaderPolicy() == null ? ToHeaderPolicy.TARGET_PARTY : h.toHeaderPolicy(),
                hubClientInfo, credentialsPut, profiles, Boolean.TRUE.equals(h.rawToken()), limits);
    }

    /** The settings needed to connect now, or an exception naming the unknown hub or each missing key. */
    public HubSettings resolve(String name) {
        if (name == null || name.isBlank()) {
            throw new HubConfigException("unknown_hub", "Query parameter 'hub' is required (" + String.join(", ", knownNames()) + ")");
        }
        HubSettings s = settings(name.strip());
        if (s == null) {
            throw new HubConfigException("unknown_hub", "Unknown hub '" + name + "': known hubs are " + String.join(", ", knownNames())
                    + " (configure another under rollyy.hubs." + name + ".*)");
        }
        String prefix = "rollyy.hubs." + s.name() + ".";
        var missing = new ArrayList<String>();
        if (s.countryCode() == null) {
            missing.add(prefix + "country-code");
        }
        if (s.partyId() == null) {
            missing.add(prefix + "party-id");
        }
        if (s.registrationMode() == RegistrationMode.INITIATE) {
            if (blank(s.versionsUrl())) {
                missing.add(prefix + "versions-url");
            }
            if (blank(s.token())) {
                missing.add(prefix + "token");
            }
        }
        if (!missing.isEmpty()) {
            throw new HubConfigException("hub_not_configured", "Hub '" + s.name() + "' is not fully configured; missing: "
                    + String.join(", ", missing));
        }
        return s;
    }

    public List<String> knownNames() {
        var names = new ArrayList<>(BUILT_IN);
        hubs.keySet().stream().filter(k -> !names.contains(k.toLowerCase(Locale.ROOT))).sorted().forEach(names::add);
        return names;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
