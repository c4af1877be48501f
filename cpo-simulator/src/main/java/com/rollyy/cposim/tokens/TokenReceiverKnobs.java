package com.rollyy.cposim.tokens;

import java.util.concurrent.atomic.AtomicInteger;

import com.rollyy.cposim.SimulatorKnobs;

/**
 * Misbehaviour of the Tokens Receiver only, kept apart from {@link SimulatorKnobs} so an eMSP's
 * push retries can be tested without touching the rest of the simulator.
 */
public final class TokenReceiverKnobs {

    private final AtomicInteger refuseNext = new AtomicInteger();
    private volatile boolean down;

    /** The next {@code count} token requests (PUT, PATCH or GET) get HTTP 503, then normal service. */
    public TokenReceiverKnobs refuseNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        refuseNext.set(count);
        return this;
    }

    /** While down, every token request gets HTTP 503. */
    public TokenReceiverKnobs setDown(boolean down) {
        this.down = down;
        return this;
    }

    public boolean isDown() {
        return down;
    }

    public TokenReceiverKnobs reset() {
        refuseNext.set(0);
        down = false;
        return this;
    }

    /** Whether this request is refused; counts down the "refuse next" budget. */
    boolean refuseThisOne() {
        return down || refuseNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
