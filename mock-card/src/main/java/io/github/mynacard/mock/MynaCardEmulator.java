package io.github.mynacard.mock;

/** Placeholder; the emulator lands in the next commit. */
public final class MynaCardEmulator {
    private MynaCardEmulator() {
    }
}
