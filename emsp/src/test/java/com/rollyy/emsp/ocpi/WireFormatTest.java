package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;

import org.junit.jupiter.api.Test;

/** Unit tests of the parsers and formatters at the edge of the OCPI wire. */
class WireFormatTest {

    @Test
    void authorizationHeaderIsBase64OfTheUtf8Token() {
        // the spec's own example strings end in a stray newline; this is the correct encoding
        assertThat(AuthorizationHeader.of("example-token", false)).isEqualTo("Token ZXhhbXBsZS10b2tlbg==");
        assertThat(AuthorizationHeader.of("example-token", true)).isEqualTo("Token example-token");
    }

    @Test
    void authorizationHeaderIsReadAsBase64ThenRaw() {
        assertThat(AuthorizationHeader.candidates("Token ZXhhbXBsZS10b2tlbg==")).containsExactly("example-token",
                "ZXhhbXBsZS10b2tlbg==");
        assertThat(AuthorizationHeader.candidates("token example-token")).containsExactly("example-token");
        assertThat(AuthorizationHeader.candidates("Bearer x")).isEmpty();
        assertThat(AuthorizationHeader.candidates("Token ")).isEmpty();
        assertThat(AuthorizationHeader.candidates(null)).isEmpty();
        // a base64 value that decodes to binary is not a token: only the raw reading remains
        assertThat(AuthorizationHeader.candidates("Token AAECAw==")).containsExactly("AAECAw==");
    }

    @Test
    void dateTimesAreReadInEveryFormTheSpecAllows() {
        Instant expected = Instant.parse("2015-06-29T20:39:09Z");
        assertThat(OcpiJson.parse("2015-06-29T20:39:09Z")).isEqualTo(expected);
        assertThat(OcpiJson.parse("2015-06-29T20:39:09")).isEqualTo(expected);
        assertThat(OcpiJson.parse("2015-06-29T20:39:09.2Z")).isEqualTo(expected.plusMillis(200));
        assertThat(OcpiJson.parse("2015-06-29T20:39:09.123")).isEqualTo(expected.plusMillis(123));
        assertThat(OcpiJson.parse("2015-06-29T22:39:09+02:00")).isEqualTo(expected);
    }

    @Test
    void dateTimesAreWrittenInUtcWithZAndAtMost25Characters() {
        assertThat(OcpiJson.format(Instant.parse("2015-06-29T20:39:09Z"))).isEqualTo("2015-06-29T20:39:09Z");
        String withNanos = OcpiJson.format(Instant.parse("2015-06-29T20:39:09.123456789Z"));
        assertThat(withNanos).isEqualTo("2015-06-29T20:39:09.123Z").hasSizeLessThanOrEqualTo(25);
    }

    @Test
    void linkHeaderYieldsTheNextPage() {
        assertThat(LinkHeader.next("<https://x/ocpi/tokens?offset=5&limit=5>; rel=\"next\""))
                .isEqualTo("https://x/ocpi/tokens?offset=5&limit=5");
        assertThat(LinkHeader.next("<https://x/a>; rel=\"prev\", <https://x/b>; rel=next")).isEqualTo("https://x/b");
        assertThat(LinkHeader.next("<https://x/c>; rel=\"prev next\"")).isEqualTo("https://x/c");
        assertThat(LinkHeader.next("<https://x/a>; rel=\"prev\"")).isNull();
        assertThat(LinkHeader.next(null)).isNull();
        assertThat(LinkHeader.next("")).isNull();
    }

    @Test
    void urlsAreJoinedWithExactlyOneSlash() {
        assertThat(OcpiUrls.join("https://cpo/ocpi/2.2.1/commands", "START_SESSION"))
                .isEqualTo("https://cpo/ocpi/2.2.1/commands/START_SESSION");
        assertThat(OcpiUrls.join("https://cpo/ocpi/2.2.1/commands/", "/START_SESSION"))
                .isEqualTo("https://cpo/ocpi/2.2.1/commands/START_SESSION");
    }

    @Test
    void routingHeadersAreReadSwappedAndValidated() {
        var headers = new HashMap<String, String>();
        headers.put("OCPI-from-country-code", "NL");
        headers.put("OCPI-from-party-id", "SIM");
        headers.put("OCPI-to-country-code", "NL");
        headers.put("OCPI-to-party-id", "RYY");
        var read = OcpiRoutingHeaders.read(headers::get).validated();

        assertThat(read.from().is("nl", "sim")).isTrue();
        assertThat(read.swapped().to().is("NL", "SIM")).isTrue();
        assertThat(OcpiRoutingHeaders.read(name -> null)).isNull();

        headers.put("OCPI-to-party-id", "TOOLONG");
        assertThatThrownBy(() -> OcpiRoutingHeaders.read(headers::get).validated())
                .isInstanceOf(OcpiException.class).hasMessageContaining("OCPI-to-party-id");
    }

    @Test
    void pageRequestsAreCappedAtTheServerMaximum() {
        var page = OcpiPageRequest.from(java.util.Map.of("limit", "500", "offset", "10"), 100);
        assertThat(page.limit()).isEqualTo(100);
        assertThat(page.offset()).isEqualTo(10);
        assertThat(OcpiPageRequest.from(java.util.Map.of(), 100).limit()).isEqualTo(100);
    }
}
