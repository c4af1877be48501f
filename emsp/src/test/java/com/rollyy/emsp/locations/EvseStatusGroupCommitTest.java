package com.rollyy.emsp.locations;

import static com.rollyy.emsp.support.Fixtures.evse;
import static com.rollyy.emsp.support.Fixtures.location;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.Scrape;
import com.rollyy.emsp.support.TestHttp;

/**
 * Status PATCHes pushed at once from many connections are committed in groups (issue 15) and
 * every one is answered only for what is stored: 16 pushers, 4 Locations of 3 EVSEs, so PATCHes
 * of one Location and of one EVSE meet in the same moment.
 */
class EvseStatusGroupCommitTest extends EmspIntegrationTest {

    private static final String BASE = "/ocpi/2.2.1/locations";
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final int PUSHERS = 16;
    private static final int PER_PUSHER = 40;

    private String token;

    @BeforeEach
    void registered() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        token = cpo.tokenForEmsp();
        for (int l = 1; l <= 4; l++) {
            assertThat(TestHttp.request("PUT", url(BASE + "/NL/SIM/GC" + l)).token(token)
                    .json(location("NL", "SIM", "GC" + l, T0.toString(), evse("E1", "AVAILABLE", T0.toString()),
                            evse("E2", "AVAILABLE", T0.toString()), evse("E3", "AVAILABLE", T0.toString())))
                    .send().status()).isIn(200, 201);
        }
    }

    @Test
    void concurrentStatusPatchesAreAllStoredAndAnsweredAfterTheirCommit() throws Exception {
        var before = Scrape.take(url(""));
        var pool = Executors.newFixedThreadPool(PUSHERS);
        var answers = new ArrayList<Future<List<String>>>();
        for (int p = 0; p < PUSHERS; p++) {
            int pusher = p;
            answers.add(pool.submit((Callable<List<String>>) () -> {
                var problems = new ArrayList<String>();
                for (int i = 0; i < PER_PUSHER; i++) {
                    int n = pusher * PER_PUSHER + i;              // a global, increasing sequence
                    String path = "/NL/SIM/GC" + (n % 4 + 1) + "/E" + (n / 4 % 3 + 1);
                    var answer = TestHttp.request("PATCH", url(BASE + path)).token(token)
                            .json("{\"status\":\"%s\",\"last_updated\":\"%s\"}".formatted(
                                    n % 2 == 0 ? "CHARGING" : "AVAILABLE", T0.plusSeconds(1 + n)))
                            .send();
                    if (answer.status() != 200 || answer.ocpiStatus() != 1000) {
                        problems.add(path + " " + answer.status() + " " + answer.body());
                    }
                }
                return problems;
            }));
        }
        for (var answer : answers) {
            assertThat(answer.get()).isEmpty();
        }
        pool.shutdown();

        // every EVSE holds the newest PATCH sent to it; every Location the newest of its EVSEs
        for (int l = 1; l <= 4; l++) {
            Instant newestOfLocation = T0;
            for (int e = 1; e <= 3; e++) {
                int newest = -1;
                for (int n = 0; n < PUSHERS * PER_PUSHER; n++) {
                    if (n % 4 + 1 == l && n / 4 % 3 + 1 == e) {
                        newest = n;
                    }
                }
                var stored = TestHttp.request("GET", url(BASE + "/NL/SIM/GC" + l + "/E" + e)).token(token).send()
                        .json().get("data");
                Instant expected = T0.plusSeconds(1 + newest);
                String status = stored.get("status").asString();
                Instant at = Instant.parse(stored.get("last_updated").asString());
                // PATCHes of one EVSE from different pushers race; an older one that lands later is
                // stale and ignored, so the newest one sent is what is stored
                assertThat(at).as("EVSE GC%d/E%d", l, e).isEqualTo(expected);
                assertThat(status).isEqualTo(newest % 2 == 0 ? "CHARGING" : "AVAILABLE");
                newestOfLocation = at.isAfter(newestOfLocation) ? at : newestOfLocation;
            }
            var location = TestHttp.request("GET", url(BASE + "/NL/SIM/GC" + l)).token(token).send().json().get("data");
            assertThat(Instant.parse(location.get("last_updated").asString())).isEqualTo(newestOfLocation);
        }

        // and they were committed in groups: fewer commits than PATCHes
        var after = Scrape.take(url(""));
        double patches = after.delta(before, "rollyy_evse_status_commits_patches_sum");
        double commits = after.delta(before, "rollyy_evse_status_commits_patches_count");
        assertThat(patches).isEqualTo(PUSHERS * PER_PUSHER);
        assertThat(commits).isLessThan(patches);
    }
}
