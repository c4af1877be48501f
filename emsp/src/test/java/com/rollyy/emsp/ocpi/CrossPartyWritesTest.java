package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.TestHttp;

/**
 * Another connection's token on every endpoint that reads or writes NL/SIM's objects: a CPO with
 * its own party (NL/OTH), with routing headers naming NL/SIM or not, and a second CPO that
 * registered claiming NL/SIM too. None may read or change what NL/SIM's connection stored.
 */
class CrossPartyWritesTest extends HostileTestSupport {

    private CpoSimulator other;
    private CpoSimulator impostor;

    @BeforeEach
    void setUp() throws Exception {
        world();
        other = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("OTH"));
        other.registerWith(versionsUrl(), invite());
        impostor = CpoSimulator.start(SimulatorConfig.defaults());
        impostor.registerWith(versionsUrl(), invite());
    }

    @AfterEach
    void stopPeers() {
        other.close();
        impostor.close();
    }

    @Test
    void anotherPartysObjectsAreOutOfReach() {
        List<Case> cases = new ArrayList<>();
        var headers = new LinkedHashMap<String, Map<String, String>>();
        headers.put("NL/OTH's token", Map.of("Authorization", TestHttp.tokenHeader(other.tokenForEmsp())));
        headers.put("NL/OTH's token claiming to be NL/SIM", Map.of("Authorization", TestHttp.tokenHeader(other.tokenForEmsp()),
                "OCPI-from-country-code", "NL", "OCPI-from-party-id", "SIM", "OCPI-to-country-code", "NL",
                "OCPI-to-party-id", "RYY"));
        headers.forEach((who, h) -> {
            for (Endpoint e : simsObjects()) {
                boolean cdrById = e.path().startsWith("/ocpi/2.2.1/cdrs/") && e.method().equals("GET");
                cases.add(new Case(e + " with " + who, e.method(), e.path(), e.hasBody() ? json(h) : h, e.body(),
                        Set.of(404), cdrById ? 2000 : 2001, null));
            }
            // its own URL, NL/SIM's object in the body
            cases.add(new Case("PUT NL/OTH Location carrying NL/SIM with " + who, "PUT", "/ocpi/2.2.1/locations/NL/OTH/LOC1",
                    json(h), location("LOC1", T1), Set.of(200), 2001, "party"));
        });
        assertThat(run(cases)).isEmpty();
    }

    @Test
    void aSecondConnectionClaimingTheSamePartyChangesNothing() {
        var h = Map.of("Authorization", TestHttp.tokenHeader(impostor.tokenForEmsp()));
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : simsObjects()) {
            if (e.path().equals("/ocpi/2.2.1/cdrs") || e.path().equals("/ocpi/2.2.1/cdrs/CDR3")) {
                continue; // a new CDR of its own party is its own CDR
            }
            boolean cdrById = e.path().startsWith("/ocpi/2.2.1/cdrs/");
            cases.add(new Case(e + " with the second NL/SIM connection", e.method(), e.path(), e.hasBody() ? json(h) : h,
                    e.body(), cdrById ? Set.of(404) : Set.of(200, 404), cdrById ? 2000 : 2001, null));
        }
        assertThat(run(cases)).isEmpty();
        // NL/SIM's CDR1 sent again by the other connection: the first copy stays, nothing is paid twice
        long payments = jdbc.sql("select count(*) from payment").query(Long.class).single();
        String stored = jdbc.sql("select doc::text || connection_id from cdr where id = 'CDR1'").query(String.class).single();
        var again = ocpi("POST", "/ocpi/2.2.1/cdrs", impostor.tokenForEmsp())
                .json(cdr("CDR1").replace("\"total_energy\":20", "\"total_energy\":99")).send();
        assertThat(again.status()).isLessThan(500);
        assertThat(jdbc.sql("select doc::text || connection_id from cdr where id = 'CDR1'").query(String.class).single())
                .isEqualTo(stored);
        assertThat(jdbc.sql("select count(*) from payment").query(Long.class).single()).isEqualTo(payments);
    }

    /** The endpoints of {@link #endpoints()} that name NL/SIM's Location, Session, Tariff or CDRs. */
    private List<Endpoint> simsObjects() {
        return endpoints().stream().filter(e -> e.path().contains("/NL/SIM/") || e.path().startsWith("/ocpi/2.2.1/cdrs/")
                || (e.path().equals("/ocpi/2.2.1/cdrs") && e.method().equals("POST"))).toList();
    }
}
