package com.rollyy.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options: {@code --runs=N} (runs per crash scenario, default 50; the two-instance
 * database-restart and crash-embedded scenarios do N/5 rounds, peer-failures N/10 runs per failure, graceful-stop
 * N/10 runs; at least one), {@code
 * --scenarios=a,b} (default all), {@code --seed=S}, {@code --report=PATH} (default
 * docs/reliability.md; {@code none} to skip), {@code --emsp-jar=PATH}, {@code --work-dir=PATH}.
 */
record Options(int runs, List<String> scenarios, long seed, Path report, Path emspJar, Path workDir) {

    static final List<String> ALL = List.of("crash-commands", "crash-cdr-payment", "crash-webhooks",
            "two-instances", "database-restart", "peer-failures", "crash-embedded", "graceful-stop");

    static Options parse(String[] args) {
        int runs = 50;
        List<String> scenarios = ALL;
        long seed = System.currentTimeMillis();
        Path report = Path.of("docs/reliability.md");
        Path jar = null;
        Path work = Path.of("reliability/target/work");
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(value);
            } else if (arg.startsWith("--scenarios=")) {
                scenarios = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                for (String s : scenarios) {
                    if (!ALL.contains(s)) {
                        throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL);
                    }
                }
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(value);
            } else if (arg.startsWith("--report=")) {
                report = value.equals("none") ? null : Path.of(value);
            } else if (arg.startsWith("--emsp-jar=")) {
                jar = Path.of(value);
            } else if (arg.startsWith("--work-dir=")) {
                work = Path.of(value);
            } else {
                throw new IllegalArgumentException("unknown option " + arg
                        + " (--runs=N --scenarios=" + String.join(",", ALL) + " --seed=S --report=PATH|none"
                        + " --emsp-jar=PATH --work-dir=PATH)");
            }
        }
        if (jar == null) {
            jar = Path.of("emsp/target/emsp-0.1.0-SNAPSHOT-exec.jar");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no eMSP jar at " + jar.toAbsolutePath()
                    + ": run ./mvnw -q -DskipTests package first (from the repository root)");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        return new Options(runs, scenarios, seed, report, jar.toAbsolutePath(), work.toAbsolutePath());
    }
}
