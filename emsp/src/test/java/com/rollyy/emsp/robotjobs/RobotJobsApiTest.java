package com.rollyy.emsp.robotjobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.rollyy.emsp.support.EmspIntegrationTest;

/** {@code /v1/robot-jobs}: create, read, list, and the refusals a robot backend must understand. */
class RobotJobsApiTest extends EmspIntegrationTest {

    @Test
    void aNewJobIsQueuedAndReadable() {
        var created = api("POST", "/v1/robot-jobs").json("""
                {"robot_id":"robot-7","job_type":"charging","place_id":"depot-1","vehicle_id":"EV-42"}""").send();
        assertThat(created.status()).isEqualTo(201);
        var job = created.json();
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(job.get("robot_id").asString()).isEqualTo("robot-7");
        assertThat(job.get("created_at").asString()).endsWith("Z");
        String id = job.get("rollyy_id").asString();

        var read = api("GET", "/v1/robot-jobs/" + id).send();
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("vehicle_id").asString()).isEqualTo("EV-42");
        assertThat(read.json().has("charging_session_id")).as("null fields are left out").isFalse();
    }

    @Test
    void listFiltersByRobotAndStatus() {
        api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"r1\",\"job_type\":\"charging\"}").send();
        api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"r1\",\"job_type\":\"patrol\"}").send();
        api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"r2\",\"job_type\":\"delivery\"}").send();

        var r1 = api("GET", "/v1/robot-jobs?robot_id=r1").send().json();
        assertThat(r1).hasSize(2);
        assertThat(api("GET", "/v1/robot-jobs?status=queued").send().json()).hasSize(3);
        assertThat(api("GET", "/v1/robot-jobs?status=charging").send().json()).isEmpty();
        var bad = api("GET", "/v1/robot-jobs?status=sleeping").send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("status");
    }

    @Test
    void badJobsAreRefusedNamingTheField() {
        var noRobot = api("POST", "/v1/robot-jobs").json("{\"job_type\":\"charging\"}").send();
        assertThat(noRobot.status()).isEqualTo(400);
        assertThat(noRobot.body()).contains("robot_id");
        var badType = api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"r\",\"job_type\":\"dance\"}").send();
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("job_type");
        var tooLong = api("POST", "/v1/robot-jobs").json("{\"robot_id\":\"" + "r".repeat(65)
                + "\",\"job_type\":\"charging\"}").send();
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(api("GET", "/v1/robot-jobs").send().json()).isEmpty();
    }

    @Test
    void unknownJobsAndMissingKeys() {
        assertThat(api("GET", "/v1/robot-jobs/7d1c6f1e-0000-4000-8000-000000000000").send().status()).isEqualTo(404);
        assertThat(api("GET", "/v1/robot-jobs/not-a-uuid").send().status()).isEqualTo(400);
        assertThat(request("GET", "/v1/robot-jobs").status()).isEqualTo(401);
    }

    private com.rollyy.emsp.support.TestHttp.Response request(String method, String path) {
        return com.rollyy.emsp.support.TestHttp.request(method, url(path)).send();
    }
}
