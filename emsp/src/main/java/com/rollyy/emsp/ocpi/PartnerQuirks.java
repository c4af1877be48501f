package com.rollyy.emsp.ocpi;

import java.time.Duration;

/**
 * How one partner deviates from the spec, as an operator set it on the connection
 * ({@code PATCH /ocpi/connections/{id}}, field {@code quirks}); {@link #SPEC} for a spec-exact
 * peer. The token encoding is not here: it is {@link OcpiPeer#rawToken()}.
 *
 * @param pageSizeCap          our list requests ask this partner for at most this many objects per
 *                             page ({@code limit}), on the first page and on every Link followed; null: no cap
 * @param routingHeaders       false: no OCPI-from/to-* headers are sent to this partner
 * @param tolerateNewerEnums   an enum value we do not know in an object read from this partner is
 *                             dropped (optional field, list element) instead of making the object malformed
 * @param requestTimeout       read timeout of our calls to this partner; null: rollyy.ocpi.read-timeout
 * @param rewriteInternalLinks a Link next-page URL on another host than the partner's versions URL is
 *                             rewritten to the versions URL's scheme, host and port (path and query kept)
 */
public record PartnerQuirks(Integer pageSizeCap, boolean routingHeaders, boolean tolerateNewerEnums,
                            Duration requestTimeout, boolean rewriteInternalLinks) {

    public static final PartnerQuirks SPEC = new PartnerQuirks(null, true, false, null, false);

    public static final int MAX_PAGE_SIZE_CAP = 10_000;
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(120);

    public PartnerQuirks withPageSizeCap(Integer cap) {
        return new PartnerQuirks(cap, routingHeaders, tolerateNewerEnums, requestTimeout, rewriteInternalLinks);
    }

    public PartnerQuirks withRoutingHeaders(boolean on) {
        return new PartnerQuirks(pageSizeCap, on, tolerateNewerEnums, requestTimeout, rewriteInternalLinks);
    }

    public PartnerQuirks withTolerateNewerEnums(boolean on) {
        return new PartnerQuirks(pageSizeCap, routingHeaders, on, requestTimeout, rewriteInternalLinks);
    }

    public PartnerQuirks withRequestTimeout(Duration timeout) {
        return new PartnerQuirks(pageSizeCap, routingHeaders, tolerateNewerEnums, timeout, rewriteInternalLinks);
    }

    public PartnerQuirks withRewriteInternalLinks(boolean on) {
        return new PartnerQuirks(pageSizeCap, routingHeaders, tolerateNewerEnums, requestTimeout, on);
    }
}
