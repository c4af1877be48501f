package com.rollyy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The demo command of the README, run as the README says: from the repository root, on the jars
 * this build has just packaged (so it runs in {@code integration-test}, after {@code package}).
 */
class DemoIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BUILD = "./mvnw -q -DskipTests package";

    @Test
    void theReadmeDemoRunsTheWholeCycleAndSaysSo() throws Exception {
        List<String> command = readmeCommand();
        Set<String> tempDirsBefore = demoTempDirs();

        Path output = Path.of("target", "demo-output.txt").toAbsolutePath();
        Files.createDirectories(output.getParent());
        List<String> java = new ArrayList<>(command);
        // the README's `java`, as the JVM running this test (CI may not have it first on the PATH)
        java.set(0, ProcessHandle.current().info().command().orElse("java"));
        Process demo = new ProcessBuilder(java).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean ended = demo.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(ended).as("the demo ended in time; it printed:\n" + printed).isTrue();
        assertThat(demo.exitValue()).as("exit status; the demo printed:\n" + printed).isZero();
        assertThat(printed)
                .contains("[1/12] Register with the CPO", "-> POST /ocpi/register", "<- 201 Created")
                .contains("-> POST /ocpi/2.2.1/locations/sync/", "-> POST /ocpi/2.2.1/tariffs/sync/")
                .contains("-> GET /v1/charging-assets", "-> GET /ocpi/2.2.1/tariffs/estimate?asset_id=")
                .contains("-> POST /v1/robot-jobs", "-> POST /ocpi/2.2.1/commands/START_SESSION",
                        "\"cpo_result\" : \"ACCEPTED\"")
                .containsPattern("=> the energy rose \\d+ times: [\\d.]+( -> [\\d.]+){3,} kWh")
                .contains("-> POST /ocpi/2.2.1/commands/STOP_SESSION", "\"cost_source\" : \"cdr\"")
                .containsPattern("payment SUCCEEDED: \\d+\\.\\d+ EUR \\([1-9]\\d* minor units\\) charged through the"
                        + " fake Stripe")
                .containsPattern("-> GET /ocpi/2.2.1/tariffs/reconcile/[0-9a-f-]{36}")
                .contains("\"within_tolerance\" : true", "reconcile within tolerance")
                .contains("Demo OK: all 12 steps succeeded.")
                .doesNotContain("DEMO FAILED");
        // its temporary directory (the eMSP's database) is gone, and so is the eMSP with its PostgreSQL
        assertThat(demoTempDirs()).isSubsetOf(tempDirsBefore);
    }

    /** The README's demo line: the build this test runs after, then the command it runs. */
    private static List<String> readmeCommand() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("java -jar demo/target/")).toList();
        assertThat(lines).as("the README shows the demo command once").hasSize(1);
        String[] parts = lines.get(0).strip().split(" && ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).as("the README builds like this build did").isEqualTo(BUILD);
        List<String> command = Arrays.asList(parts[1].strip().split("\\s+"));
        assertThat(command.subList(0, 2)).containsExactly("java", "-jar");
        assertThat(ROOT.resolve(command.get(2))).as("the README names the jar this build made").isRegularFile();
        return command;
    }

    private static Set<String> demoTempDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("rollyy-demo-"))
                    .collect(Collectors.toSet());
        }
    }
}
