package io.github.mynacard.login;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** {@link NonceStore#inMemory()}: a map from the nonce's hash to its record, under one lock. */
final class MemoryNonceStore implements NonceStore {

    private record Entry(Instant expiresAt, boolean used) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    /** The latest time a caller gave; records are forgotten against it (issue has no time of its own). */
    private Instant latest = Instant.MIN;

    @Override
    public synchronized void issue(byte[] nonce, Instant expiresAt) {
        String key = NonceRecords.key(nonce);
        forgetExpired(latest);
        if (entries.containsKey(key)) {
            throw new IllegalArgumentException("this nonce was issued before");
        }
        entries.put(key, new Entry(expiresAt, false));
    }

    @Override
    public synchronized Use consume(byte[] nonce, Instant now) {
        if (now.isAfter(latest)) {
            latest = now;
        }
        forgetExpired(now);
        String key = NonceRecords.key(nonce);
        Entry e = entries.get(key);
        if (e == null) {
            return Use.NOT_ISSUED;
        }
        if (e.used()) {
            return Use.ALREADY_USED;
        }
        if (now.isAfter(e.expiresAt())) {
            return Use.EXPIRED;
        }
        entries.put(key, new Entry(e.expiresAt(), true));
        return Use.FIRST_USE;
    }

    /** Forgets records a grace period after their expiry (until then an expired nonce says EXPIRED). */
    private void forgetExpired(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            if (NonceRecords.forgettable(it.next().expiresAt(), now)) {
                it.remove();
            }
        }
    }

    @Override
    public String toString() {
        return "NonceStore.inMemory";
    }
}
