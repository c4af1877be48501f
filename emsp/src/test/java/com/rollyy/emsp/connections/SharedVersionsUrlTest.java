package com.rollyy.emsp.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import com.rollyy.cposim.CpoSimulator;
import com.rollyy.cposim.SimulatorConfig;
import com.rollyy.emsp.support.EmspIntegrationTest;

/**
 * Several active connections may share a versions URL: CPO-initiated registrations are accepted
 * (a CPO that lost its state registers again at the same address; a multi-tenant platform serves
 * several parties there). Registering from our side with such a URL is refused with 409, naming
 * every active connection, never a 500.
 */
class SharedVersionsUrlTest extends EmspIntegrationTest {

    @Test
    void aCpoThatRegistersAgainAtTheSameAddressMakesASecondConnectionAndOurRegisterSays409() throws Exception {
        cpo.registerWith(versionsUrl(), invite());
        int port = cpo.port();
        String sharedUrl = cpo.versionsUrl();
        cpo.close(); // the CPO lost its state and comes back on the same address
        cpo = CpoSimulator.start(SimulatorConfig.defaults().withPort(port));
        assertThat(cpo.versionsUrl()).isEqualTo(sharedUrl);

        cpo.registerWith(versionsUrl(), invite());

        var active = new ArrayList<String>();
        api("GET", "/ocpi/connections").send().json().forEach(c -> {
            if (c.get("status").asString().equals("active")) {
                assertThat(c.get("versions_url").asString()).isEqualTo(sharedUrl);
                active.add(c.get("id").asString());
            }
        });
        assertThat(active).as("the CPO-initiated duplicate is accepted").hasSize(2);

        cpo.issueTokenA();
        var register = api("POST", "/ocpi/register").json("""
                {"cpo_name":"Again","versions_url":"%s","token":"%s"}""".formatted(sharedUrl, cpo.tokenA())).send();
        assertThat(register.status()).as(register.toString()).isEqualTo(409);
        assertThat(register.json().get("error").asString()).isEqualTo("already_registered");
        assertThat(register.json().get("message").asString()).contains("2 active connections", active.get(0),
                active.get(1), "DELETE /ocpi/connections/");
        assertThat(api("GET", "/ocpi/connections").send().json().size()).as("nothing half-registered").isEqualTo(2);
    }

    @Test
    void connectingToAHubWhoseUrlTwoActiveConnectionsShareSays409() throws Exception {
        // the state two CPO-initiated registrations leave, at the hub's address
        cpo.registerWith(versionsUrl(), invite());
        var second = CpoSimulator.start(SimulatorConfig.defaults().withPartyId("SI2"));
        try {
            second.registerWith(versionsUrl(), invite());
        } finally {
            second.close();
        }
        assertThat(jdbc.sql("update connection set versions_url = ? where status = 'ACTIVE'").param(HUB.versionsUrl())
                .update()).isEqualTo(2);

        var connect = api("POST", "/v1/roaming/connect?hub=testhub").send();

        assertThat(connect.status()).as(connect.toString()).isEqualTo(409);
        assertThat(connect.json().get("error").asString()).isEqualTo("already_registered");
        assertThat(connect.json().get("message").asString()).contains("2 active connections", HUB.versionsUrl());
        assertThat(HUB.registered()).as("nothing was sent to the hub").isFalse();
    }

    @Test
    void registeringWithoutATokenPointsToTheInvitationFlow() {
        var response = api("POST", "/ocpi/register").json("""
                {"cpo_name":"No token","versions_url":"%s"}""".formatted(cpo.versionsUrl())).send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("message").asString()).contains("'token'", "POST /ocpi/invitations");
        var blank = api("POST", "/ocpi/register").json("""
                {"cpo_name":"No token","versions_url":"%s","token":" "}""".formatted(cpo.versionsUrl())).send();
        assertThat(blank.json().get("message").asString()).contains("POST /ocpi/invitations");
    }
}
