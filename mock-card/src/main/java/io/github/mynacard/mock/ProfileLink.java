package io.github.mynacard.mock;

import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.transport.CardTransportException;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link CardProfile} put between the caller and the card's runtime: what the reader refuses
 * never reaches the card, what the card refuses in form is refused before its own checks, and its
 * answers take the form and the time the profile gives. Content and rules stay the card's own.
 */
final class ProfileLink {

    /** The card's runtime, one command at a time. */
    interface Card {
        byte[] transmit(byte[] command) throws IOException;
    }

    private final CardProfile profile;
    private boolean timings = true;
    /** What a GET RESPONSE still has to hand out, or null. */
    private byte[] pending;
    private int pendingSw;

    ProfileLink(CardProfile profile) {
        this.profile = profile;
    }

    CardProfile profile() {
        return profile;
    }

    void timings(boolean on) {
        timings = on;
    }

    byte[] transmit(byte[] raw, Card card) throws IOException {
        long start = System.nanoTime();
        try {
            return answer(raw, card);
        } finally {
            if (timings && raw != null && raw.length >= 2) {
                Long us = profile.micros().get(raw[1] & 0xFF);
                if (us != null) {
                    long left = TimeUnit.MICROSECONDS.toNanos(Math.min(us, 2_000_000)) - (System.nanoTime() - start);
                    if (left > 0) {
                        LockSupport.parkNanos(left);
                    }
                }
            }
        }
    }

    private byte[] answer(byte[] raw, Card card) throws IOException {
        CommandApdu c;
        try {
            c = raw == null ? null : CommandApdu.parse(raw);
        } catch (IllegalArgumentException e) {
            c = null; // malformed: the card's own checks answer it
        }
        if (c != null && c.isExtended() && profile.extendedLength() == CardProfile.ExtendedLength.REFUSED_BY_READER) {
            throw new CardTransportException(CardTransportException.Reason.EXTENDED_APDU_UNSUPPORTED,
                    "the reader exchanges short APDUs only");
        }
        boolean getResponse = c != null && c.cla() == 0x00 && c.ins() == 0xC0 && profile.getResponse();
        if (!getResponse) {
            pending = null;
        }
        if (c != null && c.isExtended() && c.ins() != 0x82
                && profile.extendedLength() == CardProfile.ExtendedLength.REFUSED_BY_CARD) {
            return CardOs.sw(profile.extendedRefusal());
        }
        if (c != null && !profile.shortEfIds() && CardOs.usesShortEfId(c)) {
            return CardOs.sw(profile.shortEfIdRefusal());
        }
        if (getResponse) {
            return handOut(c.ne());
        }
        byte[] r = card.transmit(raw);
        if (c == null || r.length < 2) {
            return r;
        }
        int n = r.length - 2;
        int sw = ((r[n] & 0xFF) << 8) | (r[n + 1] & 0xFF);
        if (c.ins() == 0xB0 && (sw == 0x9000 || sw == 0x6282) && n < c.ne()) {
            switch (profile.pastEnd()) {
                case WARNING:
                    sw = 0x6282;
                    break;
                case PLAIN:
                    sw = 0x9000;
                    break;
                case WRONG_LENGTH:
                    if (n > 0 && n < 256 && !c.isExtended()) {
                        return CardOs.sw(0x6C00 | n);
                    }
                    break;
                default:
                    break;
            }
            r[n] = (byte) (sw >> 8);
            r[n + 1] = (byte) sw;
        }
        if (c.isExtended() && n > profile.extendedAnswerCap() && sw == 0x9000) {
            byte[] cut = Arrays.copyOf(r, profile.extendedAnswerCap() + 2);
            cut[cut.length - 2] = (byte) 0x90;
            cut[cut.length - 1] = 0x00;
            r = cut;
            n = cut.length - 2;
        }
        if (profile.getResponse() && n > 0) {
            pending = Arrays.copyOf(r, n);
            pendingSw = sw;
            return CardOs.sw(0x6100 | (Math.min(n, 256) & 0xFF));
        }
        return r;
    }

    private byte[] handOut(int ne) {
        if (pending == null) {
            return CardOs.sw(0x6985); // nothing to hand out: conditions of use not satisfied
        }
        int k = Math.min(Math.max(ne, 1), pending.length);
        byte[] out = Arrays.copyOf(pending, k + 2);
        byte[] rest = Arrays.copyOfRange(pending, k, pending.length);
        if (rest.length == 0) {
            out[k] = (byte) (pendingSw >> 8);
            out[k + 1] = (byte) pendingSw;
            pending = null;
        } else {
            out[k] = 0x61;
            out[k + 1] = (byte) Math.min(rest.length, 256);
            pending = rest;
        }
        return out;
    }
}
