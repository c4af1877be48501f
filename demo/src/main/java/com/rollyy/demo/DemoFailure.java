package com.rollyy.demo;

/** A step did not get the answer it needed: the demo stops and says why. */
final class DemoFailure extends RuntimeException {

    DemoFailure(String message) {
        super(message);
    }
}
