package com.rollyy.emsp.tariffs;

import static com.rollyy.emsp.support.Fixtures.tariff;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.TestHttp;

/** The Tariffs receiver over HTTP, as the registered simulator (NL/SIM) uses it. */
class TariffsReceiverTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/tariffs";
    private static final String T1 = "2026-03-01T10:00:00Z";
    private static final String T2 = "2026-03-01T11:00:00Z";

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
    }

    @Test
    void putGetReplaceDelete() {
        assertThat(put("/NL/SIM/T1", tariff("NL", "SIM", "T1", T1)).status()).isEqualTo(201);
        var stored = get("/nl/sim/t1").json().get("data");
        assertThat(stored.get("currency").asString()).isEqualTo("EUR");
        assertThat(stored.get("elements").get(1).get("restrictions").get("day_of_week").get(0).asString())
                .isEqualTo("MONDAY");
        assertThat(stored.get("max_price").get("incl_vat").decimalValue()).isEqualByComparingTo("60.50");
        assertThat(stored.get("elements").get(0).get("price_components").get(0).get("price").decimalValue())
                .isEqualByComparingTo("0.25");

        assertThat(put("/NL/SIM/T1", tariff("NL", "SIM", "T1", T2).replace("0.25", "0.30")).status()).isEqualTo(200);
        assertThat(get("/NL/SIM/T1").json().get("data").get("elements").get(0).get("price_components").get(0)
                .get("price").decimalValue()).isEqualByComparingTo("0.30");

        var deleted = TestHttp.request("DELETE", url(BASE + "/NL/SIM/T1")).token(token).send();
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.ocpiStatus()).isEqualTo(1000);
        assertThat(get("/NL/SIM/T1").status()).isEqualTo(404);
        // the copy stays for billing history
        assertThat(jdbc.sql("select count(*) from tariff where deleted_at is not null").query(Integer.class).single())
                .isEqualTo(1);
        assertThat(TestHttp.request("DELETE", url(BASE + "/NL/SIM/T1")).token(token).send().status()).isEqualTo(404);
    }

    @Test
    void theListShowsTheCallersOwnTariffsPaginated() {
        for (int i = 0; i < 6; i++) {
            put("/NL/SIM/T" + i, tariff("NL", "SIM", "T" + i, "2026-03-01T10:0" + i + ":00Z"));
        }
        var first = TestHttp.request("GET", url(BASE)).token(token).send();
        assertThat(first.json().get("data").size()).isEqualTo(5);
        assertThat(first.header("X-Total-Count")).isEqualTo("6");
        assertThat(first.header("X-Limit")).isEqualTo("5");
        assertThat(first.header("Link")).contains("offset=5");
        var last = TestHttp.request("GET", url(BASE + "?offset=5")).token(token).send();
        assertThat(last.json().get("data").get(0).get("id").asString()).isEqualTo("T5");
        assertThat(last.header("Link")).isNull();
        var window = TestHttp.request("GET", url(BASE + "?date_from=2026-03-01T10:04:00Z")).token(token).send();
        assertThat(window.header("X-Total-Count")).isEqualTo("2");
    }

    @Test
    void olderPutIsIgnored() {
        put("/NL/SIM/T1", tariff("NL", "SIM", "T1", T2));
        var stale = put("/NL/SIM/T1", tariff("NL", "SIM", "T1", T1).replace("0.25", "9.99"));
        assertThat(stale.ocpiStatus()).isEqualTo(1000);
        assertThat(get("/NL/SIM/T1").json().get("data").get("last_updated").asString()).isEqualTo(T2);
    }

    @Test
    void patchAndPostAreNotSupported() {
        put("/NL/SIM/T1", tariff("NL", "SIM", "T1", T1));
        var patch = TestHttp.request("PATCH", url(BASE + "/NL/SIM/T1")).token(token).json("{}").send();
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.ocpiStatus()).isNotEqualTo(1000);
        var post = TestHttp.request("POST", url(BASE + "/NL/SIM/T1")).token(token).json("{}").send();
        assertThat(post.ocpiStatus()).isNotEqualTo(1000);
    }

    @Test
    void ownershipAndBadInput() {
        assertThat(put("/DE/ABC/T1", tariff("DE", "ABC", "T1", T1)).status()).isEqualTo(404);
        assertThat(put("/NL/SIM/T1", tariff("DE", "ABC", "T1", T1)).ocpiStatus()).isEqualTo(2001);
        assertRejected(tariff("NL", "SIM", "T1", T1).replaceFirst("(?s)\"elements\":\\[.*\\],\\s*\"max_price\"",
                "\"elements\":[],\"max_price\""), "'elements'");
        assertRejected(tariff("NL", "SIM", "T1", T1).replace(",\"step_size\":1}", "}"), "step_size");
        assertRejected(tariff("NL", "SIM", "T1", T1).replace("\"EUR\"", "\"euro\""), "'currency'");
        assertRejected(tariff("NL", "SIM", "T1", T1).replace("\"09:00\"", "\"9am\""), "start_time");
        assertRejected(tariff("NL", "SIM", "T1", T1).replace("\"ENERGY\"", "\"KWH\""), "type");
        assertThat(jdbc.sql("select count(*) from tariff").query(Integer.class).single()).isZero();
    }

    @Test
    void fieldsRoundTripUnchanged() {
        String full = """
                {"country_code":"NL","party_id":"SIM","id":"FULL","currency":"EUR","type":"PROFILE_FAST",
                 "tariff_alt_text":[{"language":"en","text":"Fast"}],"tariff_alt_url":"https://cpo.example/t",
                 "min_price":{"excl_vat":1.0,"incl_vat":1.21},"max_price":{"excl_vat":20.0},
                 "elements":[{"price_components":[{"type":"TIME","price":1.2,"vat":21.0,"step_size":300}],
                  "restrictions":{"min_kwh":1.5,"max_kwh":40,"min_power":11,"max_power":50,"min_current":6,
                   "max_current":32,"min_duration":600,"max_duration":7200,"start_date":"2026-01-01",
                   "end_date":"2027-01-01","reservation":"RESERVATION"}}],
                 "start_date_time":"2026-01-01T00:00:00Z","end_date_time":"2027-01-01T00:00:00Z",
                 "energy_mix":{"is_green_energy":true,"energy_sources":[{"source":"SOLAR","percentage":80},
                  {"source":"WIND","percentage":20}],"supplier_name":"Green Co"},
                 "last_updated":"2026-03-01T10:00:00Z"}""";
        assertThat(put("/NL/SIM/FULL", full).status()).isEqualTo(201);
        var stored = get("/NL/SIM/FULL").json().get("data");
        var sent = TestHttp.parse(full);
        assertThat(stored.get("type")).isEqualTo(sent.get("type"));
        assertThat(stored.get("energy_mix").get("energy_sources").size()).isEqualTo(2);
        assertThat(stored.get("elements").get(0).get("restrictions").get("reservation").asString())
                .isEqualTo("RESERVATION");
        assertThat(stored.get("elements").get(0).get("restrictions").get("max_duration").asInt()).isEqualTo(7200);
        assertThat(stored.get("start_date_time").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(stored.get("tariff_alt_text").get(0).get("text").asString()).isEqualTo("Fast");
        assertThat(stored.get("min_price").get("incl_vat").decimalValue()).isEqualByComparingTo("1.21");
    }

    private void assertRejected(String body, String field) {
        var response = put("/NL/SIM/T1", body);
        assertThat(response.ocpiStatus()).as(body).isEqualTo(2001);
        assertThat(response.json().get("status_message").asString()).contains(field);
    }

    private TestHttp.Response get(String path) {
        return TestHttp.request("GET", url(BASE + path)).token(token).send();
    }

    private TestHttp.Response put(String path, String body) {
        return TestHttp.request("PUT", url(BASE + path)).token(token).json(body).send();
    }
}
