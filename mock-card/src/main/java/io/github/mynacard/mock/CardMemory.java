package io.github.mynacard.mock;

import io.github.mynacard.PinKind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The card's persistent memory as one emulator object holds it: the card's identity, its PIN
 * objects, the files every application built from the identity, and the files a test overwrote.
 * It becomes a {@link StateCodec.Image} for the state file ({@link #image()}) and adopts what
 * another session wrote there ({@link #adopt}).
 */
final class CardMemory {

    private CardIdentity identity;
    private final Map<PinKind, PinObject> pins = new EnumMap<>(PinKind.class);
    private final Map<String, byte[]> overrides = new TreeMap<>();
    private final Map<String, Map<Integer, ElementaryFile>> applications = new LinkedHashMap<>();
    private java.util.List<JpkiBackOffice.Revocation> revocations = java.util.List.of();
    private Map<io.github.mynacard.JpkiKey, Integer> reissues = Map.of();
    /** The card report whose form the card's answers take (JSON), or null; fixed when the card is made. */
    private String profile;

    CardMemory(StateCodec.Image img) {
        adoptCard(img, null);
    }

    CardIdentity identity() {
        return identity;
    }

    /** @return the profile's card report (JSON), or null */
    String profile() {
        return profile;
    }

    PinObject pin(PinKind kind) {
        return pins.get(kind);
    }

    /** @return the files of an application, or null when the card has no such application */
    Map<Integer, ElementaryFile> files(String aid) {
        return applications.get(aid);
    }

    /** @return the revocations of the card's certificates, in the order made */
    java.util.List<JpkiBackOffice.Revocation> revocations() {
        return revocations;
    }

    /** @return how often a key was reissued */
    int generation(io.github.mynacard.JpkiKey key) {
        return reissues.getOrDefault(key, 0);
    }

    /** Records a revocation (the caller checked it is new). */
    void addRevocation(JpkiBackOffice.Revocation r) {
        java.util.List<JpkiBackOffice.Revocation> l = new java.util.ArrayList<>(revocations);
        l.add(r);
        revocations = java.util.List.copyOf(l);
    }

    /**
     * Replaces the card's identity with one whose key and certificate for {@code key} were
     * reissued: PINs, counters and overwritten files stay; the files are built anew.
     */
    void reissued(CardIdentity newIdentity, io.github.mynacard.JpkiKey key, Session session) {
        identity = newIdentity;
        Map<io.github.mynacard.JpkiKey, Integer> r = new java.util.EnumMap<>(io.github.mynacard.JpkiKey.class);
        r.putAll(reissues);
        r.merge(key, 1, Integer::sum);
        reissues = Map.copyOf(r);
        Map<String, byte[]> kept = new TreeMap<>(overrides);
        // a test's overwritten copy of the old certificate would hide the new one
        kept.remove(MynaCardEmulator.JPKI_AID + (key == io.github.mynacard.JpkiKey.SIGNING ? ":0001" : ":000A"));
        rebuildFiles(kept, session);
    }

    /** Takes every persistent value from an image and builds the files anew. */
    private void adoptCard(StateCodec.Image img, Session session) {
        identity = img.identity();
        profile = img.profile();
        revocations = img.revocations();
        reissues = img.reissues();
        pins.clear();
        for (Map.Entry<PinKind, StateCodec.Pin> e : img.pins().entrySet()) {
            pins.put(e.getKey(), new PinObject(e.getKey(), e.getValue().value(), e.getValue().remaining()));
        }
        rebuildFiles(img.overrides(), session);
    }

    /** Builds the files anew with these overwritten ones, keeping a session's current EF by its ID. */
    private void rebuildFiles(Map<String, byte[]> newOverrides, Session session) {
        ElementaryFile current = session == null ? null : session.ef;
        applications.clear();
        overrides.clear();
        for (Applet a : CardOs.APPLETS.values()) {
            applications.put(a.aid, a.files(identity));
        }
        for (Map.Entry<String, byte[]> e : newOverrides.entrySet()) {
            String[] parts = e.getKey().split(":");
            overwrite(parts[0], Integer.parseInt(parts[1], 16), e.getValue());
        }
        if (current != null) {
            session.ef = applications.get(current.aid).get(current.fid);
        }
    }

    /** The persistent card as an image, for the state file. */
    StateCodec.Image image() {
        Map<PinKind, StateCodec.Pin> p = new EnumMap<>(PinKind.class);
        for (Map.Entry<PinKind, PinObject> e : pins.entrySet()) {
            p.put(e.getKey(), new StateCodec.Pin(e.getValue().value().clone(), e.getValue().remaining()));
        }
        Map<String, byte[]> o = new TreeMap<>();
        overrides.forEach((k, v) -> o.put(k, v.clone()));
        return new StateCodec.Image(identity, p, o, revocations, reissues, profile);
    }

    /**
     * Adopts what another process (or emulator object) wrote to the state file. The session
     * (selection, verified PINs, terminal role) stays, as another reader session's commands leave
     * this one's security state alone, except: a PIN whose value another session set, or whose
     * counter it lowered, is no longer verified here; and a different card in the file (other
     * holder, keys or certificates) ends the session, as a card swapped in the reader would.
     */
    void adopt(StateCodec.Image img, Session session) {
        revocations = img.revocations();
        reissues = img.reissues();
        if (!img.identity().sameCardAs(identity)) {
            adoptCard(img, null);
            session.reset();
            return;
        }
        for (Map.Entry<PinKind, StateCodec.Pin> e : img.pins().entrySet()) {
            PinKind k = e.getKey();
            PinObject mine = pins.get(k);
            StateCodec.Pin theirs = e.getValue();
            if (!Arrays.equals(mine.value(), theirs.value()) || theirs.remaining() < mine.remaining()) {
                session.verified.remove(k);
            }
            mine.adopt(theirs.value(), theirs.remaining());
        }
        if (!sameOverrides(img.overrides())) {
            rebuildFiles(img.overrides(), session);
        }
        // the same card: this object's identity (and what it made from it) stays
    }

    private boolean sameOverrides(Map<String, byte[]> other) {
        if (!overrides.keySet().equals(other.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : overrides.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces a binary EF's content, keeping its access rule, and remembers it for the state file.
     *
     * @throws IllegalArgumentException when there is no binary EF with that ID in that application
     */
    /**
     * @return a binary EF's content as the card holds it (a copy)
     * @throws IllegalArgumentException when there is no binary EF with that ID in that application
     */
    byte[] content(String aid, int fid) {
        Map<Integer, ElementaryFile> ap = applications.get(aid);
        ElementaryFile ef = ap == null ? null : ap.get(fid);
        if (ef == null || ef.kind != ElementaryFile.Kind.BINARY) {
            throw new IllegalArgumentException("no binary EF with that ID in that application");
        }
        return ef.content().clone();
    }

    void overwrite(String aid, int fid, byte[] content) {
        Map<Integer, ElementaryFile> ap = applications.get(aid);
        ElementaryFile ef = ap == null ? null : ap.get(fid);
        if (ef == null || ef.kind != ElementaryFile.Kind.BINARY) {
            throw new IllegalArgumentException("no binary EF with that ID in that application");
        }
        ef.overwrite(content);
        overrides.put(aid + ":" + String.format(Locale.ROOT, "%04X", fid), content.clone());
    }

    /**
     * A digest of everything the state file keeps that a command can change: every PIN's value and
     * counter, every file's content, the overwritten files.
     */
    String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<PinKind, PinObject> e : pins.entrySet()) {
                PinObject p = e.getValue();
                md.update((byte) e.getKey().ordinal());
                md.update((byte) p.remaining());
                md.update((byte) p.value().length);
                md.update(p.value());
            }
            for (Map<Integer, ElementaryFile> ap : applications.values()) {
                for (ElementaryFile ef : ap.values()) {
                    md.update((byte) (ef.fid >> 8));
                    md.update((byte) ef.fid);
                    if (ef.kind == ElementaryFile.Kind.BINARY) {
                        md.update(ef.digest());
                    }
                }
            }
            for (Map.Entry<String, byte[]> o : overrides.entrySet()) {
                md.update(o.getKey().getBytes(StandardCharsets.US_ASCII));
                md.update(o.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
