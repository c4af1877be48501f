package com.rollyy.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Command-line options: {@code --emsp-jar=PATH} (default: the one {@code ./mvnw package} built,
 * {@code emsp/target/emsp-*-exec.jar} under the current directory or its parent) and
 * {@code --rises=N} (how many rises of the session's energy to watch before the STOP, default 3).
 */
record Options(Path emspJar, int rises) {

    static final String USAGE = "usage: java -jar demo/target/demo-<version>.jar [--emsp-jar=PATH] [--rises=N]"
            + " (run from the repository root after ./mvnw -q -DskipTests package)";

    static Options parse(String[] args) {
        Path jar = null;
        int rises = 3;
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            if (arg.startsWith("--emsp-jar=")) {
                jar = Path.of(value);
            } else if (arg.startsWith("--rises=")) {
                try {
                    rises = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--rises must be a number: " + value);
                }
                if (rises < 1 || rises > 20) {
                    throw new IllegalArgumentException("--rises must be 1..20: " + value);
                }
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (jar == null) {
            jar = findEmspJar();
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no eMSP jar at " + jar.toAbsolutePath() + "\n" + USAGE);
        }
        return new Options(jar.toAbsolutePath().normalize(), rises);
    }

    /** emsp/target/emsp-*-exec.jar under the current directory, or under its parent (run from demo/). */
    private static Path findEmspJar() {
        for (Path root : List.of(Path.of("."), Path.of(".."))) {
            Path target = root.resolve("emsp").resolve("target");
            if (!Files.isDirectory(target)) {
                continue;
            }
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> {
                    String name = p.getFileName().toString();
                    return name.startsWith("emsp-") && name.endsWith("-exec.jar");
                }).sorted().toList();
                if (!jars.isEmpty()) {
                    return jars.get(jars.size() - 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Path.of("emsp/target/emsp-0.1.0-SNAPSHOT-exec.jar");
    }
}
