package com.rollyy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a step fails the demo says which and why, answers non-zero, and still cleans up. */
class DemoFailsClearlyTest {

    @Test
    void anEmspThatDoesNotStartFailsTheDemoWithItsLog(@TempDir Path dir) throws IOException {
        Path notAJar = Files.writeString(dir.resolve("emsp-broken-exec.jar"), "not a jar");
        Set<String> before = demoTempDirs();
        var printed = new ByteArrayOutputStream();

        int status = new Demo(Options.parse(new String[] {"--emsp-jar=" + notAJar}),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(1);
        assertThat(out).contains("DEMO FAILED: the eMSP exited with status 1 while starting")
                .contains("Last lines of the eMSP's log:").contains("  | ")
                .doesNotContain("Demo OK");
        assertThat(demoTempDirs()).isSubsetOf(before);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--emsp-jar=/no/such.jar"}))
                .hasMessageContaining("no eMSP jar at /no/such.jar");
        assertThatThrownBy(() -> Options.parse(new String[] {"--rises=0"})).hasMessageContaining("--rises must be 1..20");
        assertThatThrownBy(() -> Options.parse(new String[] {"--fast"})).hasMessageContaining("unknown option --fast");
    }

    private static Set<String> demoTempDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("rollyy-demo-"))
                    .collect(Collectors.toSet());
        }
    }
}
