package com.rollyy.reliability;

import java.util.Random;

final class TwoInstancesScenario {
    private final World world;
    private final Random random;

    TwoInstancesScenario(World world, Random random) {
        this.world = world;
        this.random = random;
    }

    Outcome run(int runs) {
        throw new UnsupportedOperationException("not yet");
    }
}
