package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/**
 * Both sides of OCPI pagination over HTTP: the server helper (Link, X-Total-Count, X-Limit,
 * filters) and the client iterator that follows Link headers. The server caps pages at 5 here.
 */
class PaginationTest extends EmspIntegrationTest {

    record Item(String id, Instant lastUpdated) {
    }

    @Autowired
    OcpiClient client;

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
    }

    @Test
    void firstPageCarriesTotalLimitAndNextLink() {
        var response = get(PagedItemsController.PATH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("data").size()).isEqualTo(5);
        assertThat(response.header("X-Total-Count")).isEqualTo("12");
        assertThat(response.header("X-Limit")).isEqualTo("5");
        assertThat(response.header("Link"))
                .isEqualTo("<" + url(PagedItemsController.PATH) + "?offset=5&limit=5>; rel=\"next\"");
    }

    @Test
    void limitAboveTheServerMaximumIsCapped() {
        var response = get(PagedItemsController.PATH + "?limit=2000");
        assertThat(response.json().get("data").size()).isEqualTo(5);
        assertThat(response.header("X-Limit")).isEqualTo("5");
        assertThat(response.header("Link")).contains("limit=5");
    }

    @Test
    void lastPageHasNoLink() {
        var response = get(PagedItemsController.PATH + "?offset=10&limit=5");
        assertThat(response.json().get("data").size()).isEqualTo(2);
        assertThat(response.header("Link")).isNull();
        assertThat(response.header("X-Total-Count")).isEqualTo("12");

        var exact = get(PagedItemsController.PATH + "?offset=8&limit=4");
        assertThat(exact.json().get("data").size()).isEqualTo(4);
        assertThat(exact.header("Link")).isNull();
    }

    @Test
    void linkKeepsTheDateFiltersAndTheyAreInclusiveThenExclusive() {
        // items 2..9 (date_from inclusive at item 2, date_to exclusive at item 10)
        var response = get(PagedItemsController.PATH + "?date_from=2026-01-01T00:02:00Z&date_to=2026-01-01T00:10:00");

        assertThat(response.header("X-Total-Count")).isEqualTo("8");
        assertThat(response.json().get("data").get(0).get("id").asString()).isEqualTo("item-2");
        assertThat(response.header("Link"))
                .contains("date_from=2026-01-01T00%3A02%3A00Z").contains("date_to=2026-01-01T00%3A10%3A00")
                .contains("offset=5&limit=5");
    }

    @Test
    void badParametersAre2001() {
        for (String query : List.of("limit=abc", "offset=-1", "limit=0", "date_from=yesterday",
                "date_from=2026-01-02T00:00:00Z&date_to=2026-01-01T00:00:00Z")) {
            var response = get(PagedItemsController.PATH + "?" + query);
            assertThat(response.status()).as(query).isEqualTo(200);
            assertThat(response.ocpiStatus()).as(query).isEqualTo(2001);
        }
    }

    @Test
    void clientFollowsLinksAcrossEveryPage() {
        cpo.clearRequests();
        List<Item> items = client.list(url(PagedItemsController.PATH), Map.of(), peer(), Item.class).toList();

        assertThat(items).hasSize(12);
        assertThat(items).extracting(Item::id).startsWith("item-0", "item-1").endsWith("item-11");
        assertThat(items.get(3).lastUpdated()).isEqualTo(PagedItemsController.FIRST.plusSeconds(180));
    }

    @Test
    void clientSendsFiltersAndIsLazy() {
        var stream = client.list(url(PagedItemsController.PATH),
                Map.of("date_from", "2026-01-01T00:05:00Z"), peer(), Item.class);
        // taking three items reads one page only; the remaining pages are never fetched
        int before = PagedItemsController.SERVED.get();
        assertThat(stream.limit(3).map(Item::id).toList()).containsExactly("item-5", "item-6", "item-7");
        assertThat(PagedItemsController.SERVED.get() - before).isEqualTo(1);

        var all = client.list(url(PagedItemsController.PATH), Map.of("date_from", "2026-01-01T00:05:00Z"), peer(),
                Item.class).toList();
        assertThat(all).hasSize(7);
    }

    @Test
    void clientSkipsMalformedObjects() {
        var items = client.list(url(PagedItemsController.PATH), Map.of("broken", "1"), peer(), Item.class).toList();
        assertThat(items).hasSize(11).extracting(Item::id).doesNotContain("item-2");
    }

    @Test
    void clientRefusesAPageLargerThanItsGuard() {
        assertThatThrownBy(() -> client.list(url(PagedItemsController.PATH), Map.of("bloat", "1"), peer(), Item.class)
                .toList())
                .isInstanceOf(OcpiClientException.class).hasMessageContaining("more than the 10")
                .extracting(e -> ((OcpiClientException) e).kind()).isEqualTo(OcpiClientException.Kind.TOO_LARGE);
    }

    @Test
    void clientRefusesALinkLoop() {
        assertThatThrownBy(() -> client.list(url(PagedItemsController.PATH), Map.of("loop", "1"), peer(), Item.class)
                .toList())
                .isInstanceOf(OcpiClientException.class).hasMessageContaining("already read");
    }

    @Test
    void clientReportsAPeerError() {
        assertThatThrownBy(() -> client.list(url(PagedItemsController.PATH), Map.of("limit", "x"), peer(),
                Item.class).toList())
                .isInstanceOf(OcpiClientException.class).hasMessageContaining("2001")
                .extracting(e -> ((OcpiClientException) e).kind()).isEqualTo(OcpiClientException.Kind.REJECTED);
    }

    private OcpiPeer peer() {
        return OcpiPeer.withToken(token, false);
    }

    private TestHttp.Response get(String path) {
        return ocpi("GET", path, token).send();
    }
}
