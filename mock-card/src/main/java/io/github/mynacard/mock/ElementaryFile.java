package io.github.mynacard.mock;

import io.github.mynacard.JpkiKey;
import io.github.mynacard.PinKind;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One elementary file of the card's file system: a binary file (its content, possibly made when it
 * is first read, and the PINs any one of which opens it), a PIN (the PIN object it holds, by kind)
 * or a private key (which key, and the PINs any one of which allows its use). A file's ID is also
 * its short EF identifier (all IDs of the card are 0001 to 001E).
 */
final class ElementaryFile {

    /** What a file is. */
    enum Kind { BINARY, PIN, KEY }

    final String aid;
    final int fid;
    final Kind kind;
    /** For a binary or key EF: the PINs any one of which opens it; empty for a free file. */
    final Set<PinKind> access;
    /** For a PIN EF: the PIN it holds. */
    final PinKind pin;
    /** For a key EF: the key it holds. */
    final JpkiKey key;
    private byte[] content;
    private Supplier<byte[]> lazy;
    private byte[] digest;

    private ElementaryFile(String aid, int fid, Kind kind, Set<PinKind> access, PinKind pin, JpkiKey key) {
        this.aid = aid;
        this.fid = fid;
        this.kind = kind;
        this.access = access;
        this.pin = pin;
        this.key = key;
    }

    private static Set<PinKind> anyOf(PinKind... pins) {
        return pins.length == 0 ? Set.of() : Collections.unmodifiableSet(EnumSet.of(pins[0], pins));
    }

    /** A binary file with this content, opened by any one of the PINs (none: free). */
    static ElementaryFile binary(String aid, int fid, byte[] content, PinKind... access) {
        ElementaryFile ef = new ElementaryFile(aid, fid, Kind.BINARY, anyOf(access), null, null);
        ef.content = content;
        return ef;
    }

    /** A binary file whose content is made when it is first needed (it may cost an RSA signature). */
    static ElementaryFile lazy(String aid, int fid, Supplier<byte[]> content, PinKind... access) {
        ElementaryFile ef = new ElementaryFile(aid, fid, Kind.BINARY, anyOf(access), null, null);
        ef.lazy = content;
        return ef;
    }

    /** The PIN EF of a PIN. */
    static ElementaryFile pin(String aid, int fid, PinKind pin) {
        return new ElementaryFile(aid, fid, Kind.PIN, Set.of(), pin, null);
    }

    /** A key EF, usable once any one of the PINs is verified. */
    static ElementaryFile key(String aid, int fid, JpkiKey key, PinKind... access) {
        return new ElementaryFile(aid, fid, Kind.KEY, anyOf(access), null, key);
    }

    /** @return whether the PINs verified in a session open this file (or allow the use of its key) */
    boolean opensWith(Set<PinKind> verified) {
        if (access.isEmpty()) {
            return true;
        }
        for (PinKind k : access) {
            if (verified.contains(k)) {
                return true;
            }
        }
        return false;
    }

    /** @return the content (the file's own array: never handed out, never changed), made now if needed */
    byte[] content() {
        if (content == null && lazy != null) {
            content = lazy.get();
            lazy = null;
        }
        return content;
    }

    /** Replaces the content (a test's overwritten file). */
    void overwrite(byte[] bytes) {
        content = bytes.clone();
        lazy = null;
        digest = null;
    }

    /** @return the SHA-256 of the content, computed once (contents never change in place) */
    byte[] digest() {
        if (digest == null) {
            try {
                digest = MessageDigest.getInstance("SHA-256").digest(content());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return digest;
    }
}
