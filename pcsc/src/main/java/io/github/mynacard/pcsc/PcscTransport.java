package io.github.mynacard.pcsc;

/** Placeholder; the PC/SC transport lands in a later commit. */
public final class PcscTransport {
    private PcscTransport() {
    }
}
