package com.rollyy.bench;

/** Placeholder: the benchmarks are being written. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.out.println("no benchmarks yet");
    }
}
