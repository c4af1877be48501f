package com.rollyy.emsp.connections;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.rollyy.emsp.api.ApiException;
import com.rollyy.emsp.ocpi.PartnerQuirks;

/**
 * The {@code quirks} object of {@code PATCH /ocpi/connections/{id}} read onto the current profile:
 * only the fields present change; a bad value is a 400 naming the field ({@code 'quirks.page_size_cap'}).
 * Read by hand so absent and null can differ (null: back to the default).
 */
record QuirkChanges(PartnerQuirks quirks, Boolean raw) {

    private static final Set<String> FIELDS = Set.of("token_encoding", "page_size_cap", "routing_headers",
            "tolerate_newer_enums", "request_timeout", "rewrite_internal_links");

    static QuirkChanges read(JsonNode json, PartnerQuirks current) {
        if (!json.isObject()) {
            throw bad("quirks", "must be an object");
        }
        for (String name : json.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw bad(name, "is not a quirk (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        PartnerQuirks quirks = current;
        Boolean raw = null;
        if (json.has("token_encoding")) {
            JsonNode v = json.get("token_encoding");
            if (!v.isString() || !(v.asString().equals("base64") || v.asString().equals("raw"))) {
                throw bad("token_encoding", "must be \"base64\" or \"raw\"");
            }
            raw = v.asString().equals("raw");
        }
        if (json.has("page_size_cap")) {
            JsonNode v = json.get("page_size_cap");
            if (v.isNull()) {
                quirks = quirks.withPageSizeCap(null);
            } else if (v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1
                    && v.asInt() <= PartnerQuirks.MAX_PAGE_SIZE_CAP) {
                quirks = quirks.withPageSizeCap(v.asInt());
            } else {
                throw bad("page_size_cap", "must be an integer from 1 to " + PartnerQuirks.MAX_PAGE_SIZE_CAP
                        + ", or null for no cap");
            }
        }
        if (json.has("routing_headers")) {
            quirks = quirks.withRoutingHeaders(bool(json, "routing_headers"));
        }
        if (json.has("tolerate_newer_enums")) {
            quirks = quirks.withTolerateNewerEnums(bool(json, "tolerate_newer_enums"));
        }
        if (json.has("rewrite_internal_links")) {
            quirks = quirks.withRewriteInternalLinks(bool(json, "rewrite_internal_links"));
        }
        if (json.has("request_timeout")) {
            quirks = quirks.withRequestTimeout(timeout(json.get("request_timeout")));
        }
        return new QuirkChanges(quirks, raw);
    }

    private static boolean bool(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (!v.isBoolean()) {
            throw bad(field, "must be true or false");
        }
        return v.asBoolean();
    }

    private static Duration timeout(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        Duration d;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            d = Duration.ofSeconds(v.asLong());
        } else if (v.isString()) {
            try {
                d = Duration.parse(v.asString().strip());
            } catch (DateTimeParseException e) {
                throw bad("request_timeout", "must be an ISO-8601 duration such as \"PT10S\" or a number of seconds");
            }
        } else {
            throw bad("request_timeout", "must be an ISO-8601 duration such as \"PT10S\" or a number of seconds");
        }
        if (d.compareTo(PartnerQuirks.MIN_TIMEOUT) < 0 || d.compareTo(PartnerQuirks.MAX_TIMEOUT) > 0) {
            throw bad("request_timeout", "must be from 1 s to 120 s (PT1S..PT2M), or null for rollyy.ocpi.read-timeout");
        }
        return d;
    }

    private static ApiException bad(String field, String why) {
        return ApiException.badRequest("'" + (field.equals("quirks") ? field : "quirks." + field) + "' " + why);
    }
}
