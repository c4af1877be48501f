package com.rollyy.emsp.ocpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import com.rollyy.cposim.CommandBehaviour;
import com.rollyy.emsp.support.DbSnapshot;
import com.rollyy.emsp.support.EmspIntegrationTest;
import com.rollyy.emsp.support.RawHttp;
import com.rollyy.emsp.support.TestHttp;

/**
 * Generated (not mutated) OCPI objects on every receiver: Locations, EVSEs and Connectors (PUT
 * and PATCH), Sessions (PUT and PATCH), CDRs, Tariffs (PUT and DELETE), command results (at the
 * response_urls of real pending commands, in both spellings, and at unknown ones), charging
 * profile results and the ActiveChargingProfile of a real session, HubClientInfo from a hub, and
 * token authorization requests. See {@link OcpiObjectGenerator}: about a third of the objects are
 * valid. Whatever comes back:
 * <ul>
 * <li>never a 5xx, always the envelope;</li>
 * <li>refused (status_code ≠ 1000): every table exactly as before;</li>
 * <li>a repeat of something already applied (a second command result, a CDR we hold): 1000, and
 *     nothing changed either;</li>
 * <li>accepted: our GET serves the object;</li>
 * <li>at the end, every stored Location, Session, Tariff and CDR is served by its GET, every list
 *     pages through, and the product views built on them (charging assets, estimates, the robot
 *     session) answer without a 5xx.</li>
 * </ul>
 * Seeded: {@code -Drollyy.fuzz.seed=} or {@code ROLLYY_FUZZ_SEED} replays a run;
 * {@code -Drollyy.fuzz.rounds=} runs longer.
 */
class GeneratedObjectsFuzzTest extends EmspIntegrationTest {

    private static final int ROUNDS = Integer.getInteger("rollyy.fuzz.rounds", 25);
    private static final String V = "/ocpi/2.2.1";

    private final List<String> failures = new ArrayList<>();
    private OcpiObjectGenerator gen;
    private Random random;
    private long seed;
    private Map<String, String> cpoAuth;
    private int requests;
    /** Per method and endpoint (path depth in slashes): accepted, refused. */
    private final Map<String, int[]> tally = new java.util.TreeMap<>();

    /** Locations we hold (as the generator named them), with their EVSE uids and those EVSEs' connector ids. */
    private final Map<String, Map<String, Set<String>>> locations = new LinkedHashMap<>();
    private final Set<String> sessions = new java.util.LinkedHashSet<>();
    private final Set<String> tariffs = new java.util.LinkedHashSet<>();
    private final Set<String> cdrs = new HashSet<>();

    @Test
    void generatedObjectsOnEveryReceiverNeverCauseA5xxNorCorruptWhatIsStored() throws Exception {
        seed = Long.getLong("rollyy.fuzz.seed", System.getenv("ROLLYY_FUZZ_SEED") == null ? 20261125L
                : Long.parseLong(System.getenv("ROLLYY_FUZZ_SEED")));
        random = new Random(seed);
        gen = new OcpiObjectGenerator(random, 0.025);
        long started = System.nanoTime();

        // ---- the world: a CPO with a charging robot and two commands waiting for their results, a hub, a token
        String connectionId = registerWithSimulator();
        cpoAuth = Map.of("Authorization", TestHttp.tokenHeader(cpo.tokenForEmsp()));
        assertThat(api("POST", V + "/locations/sync/" + connectionId).send().status()).isEqualTo(200);
        JsonNode asset = api("GET", "/v1/charging-assets?limit=1").send().json().get(0);
        String charging = startJob(asset);
        await().atMost(Duration.ofSeconds(15)).until(() -> !sessionOf(charging).path("ocpi_session_id").isMissingNode()
                && "active".equals(sessionOf(charging).path("status").asString()));
        String ocpiSessionId = sessionOf(charging).get("ocpi_session_id").asString();
        cpo.knobs().setCommandBehaviour(CommandBehaviour.ACCEPT_NO_RESULT).setCommandTimeoutSeconds(600);
        startJob(asset);
        startJob(asset);
        List<String> responseUrls = cpo.commands().stream().map(c -> c.responseUrl()).skip(1).toList();
        assertThat(responseUrls).hasSize(2);
        Set<String> resulted = new HashSet<>();
        assertThat(api("POST", "/v1/roaming/connect?hub=testhub").send().status()).isEqualTo(201);
        var hubAuth = Map.of("Authorization", TestHttp.tokenHeader(HUB.tokenForEmsp()));
        assertThat(api("POST", "/v1/tokens").json("{\"uid\":\"TOKEN1\",\"type\":\"RFID\",\"contract_id\":\"NL-RYY-C1\"}")
                .send().status()).isEqualTo(201);
        cpo.awaitIdle(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from scheduled_tasks"
                + " where task_name = 'token-push'").query(Long.class).single() == 0);
        var calm = new OcpiObjectGenerator(new Random(seed), 0);
        ObjectNode base = calm.location("FBASE");
        base.set("evses", TestHttp.parse("[" + calm.evse("E1") + "]"));
        send("PUT", location("FBASE"), cpoAuth, base, Expect.ANY, null);
        assertThat(locations).containsKey("FBASE");

        for (int round = 0; round < ROUNDS; round++) {
            // Locations at every depth
            String locId = random.nextInt(3) == 0 ? anyOf(locations.keySet()) : gen.objectId(36);
            ObjectNode location = gen.location(locId);
            gen.spoilLastUpdated(location);
            send("PUT", location(locId), cpoAuth, location, Expect.ANY, () -> served(location(locId), "id", locId));
            String target = anyOf(locations.keySet());
            String evseUid = random.nextBoolean() && !locations.get(target).isEmpty()
                    ? anyOf(locations.get(target).keySet()) : "E" + random.nextInt(6);
            ObjectNode evse = gen.evse(evseUid);
            gen.spoilLastUpdated(evse);
            send("PUT", location(target) + "/" + segment(evseUid), cpoAuth, evse, Expect.ANY,
                    () -> served(location(target) + "/" + segment(evseUid), "uid", evseUid));
            if (!locations.get(target).isEmpty()) {
                String uid = anyOf(locations.get(target).keySet());
                Set<String> connectors = locations.get(target).get(uid);
                String connectorId = random.nextBoolean() && !connectors.isEmpty() ? anyOf(connectors)
                        : String.valueOf(1 + random.nextInt(4));
                String connectorPath = location(target) + "/" + segment(uid) + "/" + segment(connectorId);
                send("PUT", connectorPath, cpoAuth, gen.connector(connectorId), Expect.ANY,
                        () -> served(connectorPath, "id", connectorId));
                send("PATCH", location(target) + "/" + segment(uid), cpoAuth,
                        random.nextBoolean() ? statusPatch() : gen.patchOf(gen.evse(uid)), Expect.ANY,
                        () -> served(location(target) + "/" + segment(uid), "uid", uid));
                if (!connectors.isEmpty()) {
                    String existing = anyOf(connectors);
                    String path = location(target) + "/" + segment(uid) + "/" + segment(existing);
                    send("PATCH", path, cpoAuth, gen.patchOf(gen.connector(existing)), Expect.ANY,
                            () -> served(path, "id", existing));
                }
            }
            send("PATCH", location(target), cpoAuth, gen.patchOf(gen.location(target)), Expect.ANY,
                    () -> served(location(target), "id", target));

            // Sessions
            String sessionId = random.nextInt(3) == 0 && !sessions.isEmpty() ? anyOf(sessions) : gen.objectId(36);
            ObjectNode session = gen.session(sessionId);
            gen.spoilLastUpdated(session);
            send("PUT", V + "/sessions/NL/SIM/" + segment(sessionId), cpoAuth, session, Expect.ANY,
                    () -> served(V + "/sessions/NL/SIM/" + segment(sessionId), "id", sessionId));
            if (!sessions.isEmpty()) {
                String existing = anyOf(sessions);
                send("PATCH", V + "/sessions/NL/SIM/" + segment(existing), cpoAuth, gen.patchOf(gen.session(existing)),
                        Expect.ANY, () -> served(V + "/sessions/NL/SIM/" + segment(existing), "id", existing));
            }

            // CDRs: new ones, and now and then one we hold already (stored once, paid once)
            boolean again = random.nextInt(4) == 0 && !cdrs.isEmpty();
            String cdrId = again ? anyOf(cdrs) : gen.objectId(39);
            ObjectNode cdr = gen.cdr(cdrId);
            gen.spoilLastUpdated(cdr);
            send("POST", V + "/cdrs", cpoAuth, cdr, again ? Expect.NOTHING_CHANGES : Expect.ANY,
                    () -> served(V + "/cdrs/" + segment(cdrId), "id", cdrId));

            // Tariffs
            String tariffId = random.nextInt(3) == 0 && !tariffs.isEmpty() ? anyOf(tariffs) : gen.objectId(36);
            ObjectNode tariff = gen.tariff(tariffId, "NL", "SIM");
            gen.spoilLastUpdated(tariff);
            send("PUT", V + "/tariffs/NL/SIM/" + segment(tariffId), cpoAuth, tariff, Expect.ANY,
                    () -> served(V + "/tariffs/NL/SIM/" + segment(tariffId), "id", tariffId));
            if (random.nextInt(6) == 0 && !tariffs.isEmpty()) {
                String gone = anyOf(tariffs);
                send("DELETE", V + "/tariffs/NL/SIM/" + segment(gone), cpoAuth, null, Expect.ANY, () -> {
                    tariffs.remove(gone);
                    return get(V + "/tariffs/NL/SIM/" + segment(gone)).status() == 404 ? null : "deleted Tariff still served";
                });
            }

            // command results: the two real commands (the first result counts, the rest change nothing), unknown ones
            String url = responseUrls.get(random.nextInt(2));
            String commandId = url.substring(url.lastIndexOf('/') + 1);
            ObjectNode result = gen.commandResult();
            Expect afterFirst = resulted.contains(commandId) ? Expect.NOTHING_CHANGES : Expect.ANY;
            Runnable applied = () -> resulted.add(commandId);
            switch (random.nextInt(3)) {
                case 0 -> send("POST", V + "/commands/callback/" + commandId, cpoAuth, result, afterFirst, () -> {
                    applied.run();
                    return null;
                });
                case 1 -> send("POST", V + "/commands/callback", cpoAuth, result.put("command_id", commandId), afterFirst,
                        () -> {
                            applied.run();
                            return null;
                        });
                default -> send("POST", V + "/commands/callback/" + java.util.UUID.randomUUID(), cpoAuth, result,
                        Expect.REFUSED, null);
            }

            // charging profiles: results for requests we never made, the real session's active profile
            send("POST", V + "/chargingprofiles/results/" + java.util.UUID.randomUUID(), cpoAuth, gen.profileResult(),
                    Expect.REFUSED, null);
            send("PUT", V + "/chargingprofiles/" + segment(ocpiSessionId), cpoAuth, gen.activeProfile(), Expect.ANY, null);

            // HubClientInfo, as the hub
            send("PUT", V + "/hubclientinfo/NL/CP1", hubAuth, gen.clientInfo("NL", "CP1"), Expect.ANY, () -> {
                var info = RawHttp.send(port, "GET", V + "/hubclientinfo/NL/CP1", hubAuth, null);
                return info.ocpiStatus() == 1000 ? null : "stored ClientInfo not served: " + info;
            });

            // token authorization requests: they read, and must never write
            String uid = random.nextBoolean() ? "TOKEN1" : gen.id(36);
            String where = random.nextBoolean() ? anyOf(locations.keySet()) : gen.id(36);
            send("POST", V + "/tokens/" + segment(uid) + "/authorize", cpoAuth, gen.locationReferences(where),
                    Expect.NOTHING_CHANGES, null);
        }

        sweep(charging);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("GeneratedObjectsFuzzTest: seed " + seed + ", " + ROUNDS + " rounds, " + requests
                + " requests, " + locations.size() + " Locations, " + sessions.size() + " Sessions, " + cdrs.size()
                + " CDRs, " + tariffs.size() + " Tariffs held, " + millis + " ms");
        tally.forEach((kind, counts) -> System.out.println("  " + kind + ": " + counts[0] + " accepted, " + counts[1]
                + " refused"));
        assertThat(failures).as("seed " + seed + " (replay with -Drollyy.fuzz.seed=" + seed + ")").isEmpty();
    }

    /** What an answer must leave behind, on top of "no 5xx, the envelope, nothing changed when refused". */
    private enum Expect {
        /** anything; when accepted, the check passed along must hold */
        ANY,
        /** must be refused */
        REFUSED,
        /** may be acknowledged (a repeat, a read), but nothing may change */
        NOTHING_CHANGES
    }

    private interface Check {
        /** null when fine, else what is wrong. */
        String problem();
    }

    private void send(String method, String path, Map<String, String> auth, JsonNode body, Expect expect, Check accepted) {
        var headers = new LinkedHashMap<>(auth);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        var before = DbSnapshot.take(jdbc);
        RawHttp.Answer answer = RawHttp.send(port, method, path, headers, body == null ? null : body.toString());
        requests++;
        String kind = method + " " + path.substring(V.length()).replaceAll("^/(\\w+).*", "$1")
                + "/".repeat((int) path.substring(V.length()).chars().filter(c -> c == '/').count());
        var changed = DbSnapshot.changed(before, DbSnapshot.take(jdbc));
        String what = method + " " + path + " " + abbreviate(body) + " → " + answer;
        int status = answer.ocpiStatus();
        if (answer.status() >= 500) {
            failures.add("server error: " + what);
            return;
        }
        if (status < 0) {
            failures.add("not an OCPI envelope: " + what);
            return;
        }
        if (status != 1000 && !changed.isEmpty()) {
            failures.add("refused but changed " + changed + ": " + what);
        }
        if (expect == Expect.REFUSED && status == 1000) {
            failures.add("accepted, should be refused: " + what);
        }
        if (expect == Expect.NOTHING_CHANGES && !changed.isEmpty()) {
            failures.add("a repeat or a read changed " + changed + ": " + what);
        }
        tally.computeIfAbsent(kind, k -> new int[2])[status == 1000 ? 0 : 1]++;
        if (status == 1000) {
            remember(method, path, body);
            if (accepted != null) {
                String problem = accepted.problem();
                if (problem != null) {
                    failures.add(problem + " after " + what);
                }
            }
        }
    }

    /** Keeps track of what is stored now, so later rounds address it. */
    private void remember(String method, String path, JsonNode body) {
        if (!method.equals("PUT") && !method.equals("POST")) {
            return;
        }
        if (path.startsWith(V + "/locations/NL/SIM/")) {
            String[] parts = path.substring((V + "/locations/NL/SIM/").length()).split("/");
            String loc = locationNamed(decode(parts[0]));
            if (parts.length == 1) {
                var evses = new LinkedHashMap<String, Set<String>>();
                for (JsonNode e : body.path("evses")) {
                    var connectors = new HashSet<String>();
                    e.path("connectors").forEach(c -> connectors.add(c.path("id").asString()));
                    evses.put(e.path("uid").asString(), connectors);
                }
                locations.put(loc, evses);
            } else if (parts.length == 2) {
                var connectors = new HashSet<String>();
                body.path("connectors").forEach(c -> connectors.add(c.path("id").asString()));
                locations.get(loc).put(decode(parts[1]), connectors);
            } else {
                locations.get(loc).get(decode(parts[1])).add(decode(parts[2]));
            }
        } else if (path.startsWith(V + "/sessions/NL/SIM/")) {
            sessions.add(body.get("id").asString());
        } else if (path.startsWith(V + "/tariffs/NL/SIM/")) {
            tariffs.add(body.get("id").asString());
            gen.knownTariff(body.get("id").asString());
        } else if (path.equals(V + "/cdrs")) {
            cdrs.add(body.get("id").asString());
        }
    }

    /** The generator's spelling of a Location we hold (ids are case-insensitive). */
    private String locationNamed(String id) {
        return locations.keySet().stream().filter(k -> k.equalsIgnoreCase(id)).findFirst().orElse(id);
    }

    private String served(String path, String field, String id) {
        var answer = get(path);
        if (answer.ocpiStatus() != 1000) {
            return "accepted but not served by GET " + path + ": " + answer;
        }
        String served = answer.json().path("data").path(field).asString("");
        return served.equalsIgnoreCase(id) ? null : "GET " + path + " served " + field + " " + served + ", not " + id;
    }

    private RawHttp.Answer get(String path) {
        return RawHttp.send(port, "GET", path, cpoAuth, null);
    }

    /**
     * Whatever was accepted must still be usable: every stored object served by its GET, every
     * list paged through, the product views over them answered.
     */
    private void sweep(String chargingJob) {
        for (String table : List.of("location", "charging_session", "tariff")) {
            String module = table.equals("location") ? "locations" : table.equals("tariff") ? "tariffs" : "sessions";
            jdbc.sql("select country_code, party_id, id from " + table + (table.equals("tariff")
                    ? " where deleted_at is null" : "")).query((rs, n) -> List.of(rs.getString(1), rs.getString(2),
                    rs.getString(3))).list().forEach(key -> {
                        if (!key.get(1).equals("SIM")) {
                            return;
                        }
                        String path = V + "/" + module + "/" + key.get(0) + "/" + key.get(1) + "/" + segment(key.get(2));
                        var answer = get(path);
                        if (answer.ocpiStatus() != 1000) {
                            failures.add("stored but not served: GET " + path + " → " + answer);
                        }
                    });
        }
        jdbc.sql("select id from cdr").query(String.class).list().forEach(id -> {
            var answer = get(V + "/cdrs/" + segment(id));
            if (answer.ocpiStatus() != 1000) {
                failures.add("stored CDR not served: " + id + " → " + answer);
            }
        });
        for (String list : List.of("locations", "sessions", "cdrs", "tariffs", "tokens")) {
            for (int offset = 0; offset < 1_000; offset += 5) {
                var page = RawHttp.send(port, "GET", V + "/" + list + "?offset=" + offset, cpoAuth, null);
                if (page.ocpiStatus() != 1000) {
                    failures.add("list " + list + " at offset " + offset + " → " + page);
                    break;
                }
                if (page.json().path("data").size() < 5) {
                    break;
                }
            }
        }
        // every Tariff we hold priced once, at a connector of its own
        var calm = new OcpiObjectGenerator(new Random(seed), 0);
        ObjectNode priced = calm.location("FSWEEP");
        var evses = priced.putArray("evses");
        var held = jdbc.sql("select doc->>'id' from tariff where deleted_at is null and party_id = 'SIM'")
                .query(String.class).list();
        for (int i = 0; i < held.size() && i < 40; i++) {
            ObjectNode evse = calm.evse("T" + i);
            ObjectNode connector = calm.connector("1");
            connector.putArray("tariff_ids").add(held.get(i));
            evse.putArray("connectors").add(connector);
            evses.add(evse);
        }
        var put = RawHttp.send(port, "PUT", location("FSWEEP"), json(cpoAuth), priced.toString());
        if (put.ocpiStatus() != 1000) {
            failures.add("the sweep's Location was refused: " + put);
        }
        var assets = api("GET", "/v1/charging-assets?limit=200").send();
        if (assets.status() != 200) {
            failures.add("charging assets → " + assets);
        } else {
            int n = 0;
            for (JsonNode a : assets.json()) {
                // the generated Locations' assets (ids start with F), priced with the generated Tariffs
                if (!a.path("location").path("id").asString("").toUpperCase().startsWith("F") || n++ == 80) {
                    continue;
                }
                var estimate = api("GET", V + "/tariffs/estimate?asset_id=" + a.get("asset_id").asString()
                        + "&kwh=10&duration_minutes=60").send();
                if (estimate.status() >= 500) {
                    failures.add("estimate for asset " + a + " → " + estimate);
                }
            }
        }
        var view = api("GET", V + "/sessions/job/" + chargingJob).send();
        if (view.status() != 200) {
            failures.add("the robot's session view → " + view);
        }
    }

    // ---- helpers ----

    private String startJob(JsonNode asset) {
        var created = api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"robot-1\",\"job_type\":\"charging\","
                + "\"vehicle_id\":\"EV-1\"}").send();
        String jobId = created.json().get("rollyy_id").asString();
        var started = api("POST", V + "/commands/START_SESSION").json("{\"robot_job_id\":\"" + jobId + "\",\"asset_id\":\""
                + asset.get("asset_id").asString() + "\"}").send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return jobId;
    }

    private JsonNode sessionOf(String jobId) {
        return api("GET", V + "/sessions/job/" + jobId).send().json();
    }

    private ObjectNode statusPatch() {
        ObjectNode patch = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        patch.put("status", random.nextInt(10) == 0 ? "BROKEN" : gen.pick(OcpiObjectGenerator.EVSE_STATUS));
        patch.put("last_updated", gen.newerDateTime());
        return patch;
    }

    private static Map<String, String> json(Map<String, String> headers) {
        var all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    private String location(String id) {
        return V + "/locations/NL/SIM/" + segment(id);
    }

    private <T> T anyOf(java.util.Collection<T> values) {
        int i = random.nextInt(values.size());
        for (T value : values) {
            if (i-- == 0) {
                return value;
            }
        }
        throw new IllegalStateException("empty");
    }

    /** Percent-encodes everything but the unreserved characters: the id as one path segment. */
    static String segment(String id) {
        var sb = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String abbreviate(JsonNode body) {
        if (body == null) {
            return "";
        }
        String text = body.toString();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
