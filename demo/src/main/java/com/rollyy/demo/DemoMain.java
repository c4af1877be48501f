package com.rollyy.demo;

/**
 * {@code java -jar demo/target/demo-<version>.jar} from the repository root, after
 * {@code ./mvnw -q -DskipTests package}: the narrated charging cycle. Exit status 0 when every step
 * succeeded, 1 when one failed (the message says which and why), 2 for bad options.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new Demo(options, System.out).run());
    }
}
