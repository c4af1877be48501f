package com.rollyy.reliability;

import java.util.Random;

final class DatabaseRestartScenario {
    private final World world;
    private final Random random;

    DatabaseRestartScenario(World world, Random random) {
        this.world = world;
        this.random = random;
    }

    Outcome run(int runs) {
        throw new UnsupportedOperationException("not yet");
    }
}
