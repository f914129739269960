package io.github.mynacard.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutated versions of a JPEG 2000 photo, each one given by a seed alone: byte flips, runs of
 * changed bytes, truncations, changed box and marker lengths, and changed SIZ fields.
 */
final class PhotoMutator {

    private final byte[] original;
    private final int[] lengthFields;

    PhotoMutator(byte[] original) {
        this.original = original.clone();
        this.lengthFields = lengthFields(original);
    }

    /** @return the mutation for {@code seed} (the same seed, the same bytes) */
    byte[] mutate(long seed) {
        Random r = new Random(seed);
        byte[] b = original.clone();
        switch ((int) Math.floorMod(seed, 5L)) {
            case 0 -> {
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> {
                int len = 1 + r.nextInt(16);
                int at = r.nextInt(b.length - len);
                for (int i = 0; i < len; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
            }
            case 2 -> {
                b = Arrays.copyOf(b, r.nextInt(b.length));
                if (r.nextBoolean() && b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 3 -> {
                int at = lengthFields[r.nextInt(lengthFields.length)];
                int v = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> 0xFFFF;
                    case 2 -> ((b[at] & 0xFF) << 8 | b[at + 1] & 0xFF) + r.nextInt(33) - 16;
                    default -> r.nextInt(0x10000);
                };
                b[at] = (byte) (v >> 8);
                b[at + 1] = (byte) v;
            }
            default -> {
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    b[r.nextInt(Math.min(b.length, 400))] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    /** Offsets of 2-byte length fields: the low halves of JP2 box lengths and codestream marker lengths. */
    private static int[] lengthFields(byte[] b) {
        List<Integer> at = new ArrayList<>();
        int p = 0;
        while (p + 8 <= b.length) {
            at.add(p + 2);
            long len = (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
            String type = new String(b, p + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (type.equals("jp2h")) {
                at.add(p + 10);
            }
            if (type.equals("jp2c")) {
                int q = p + 10;
                while (q + 4 <= b.length && (b[q] & 0xFF) == 0xFF && (b[q + 1] & 0xFF) != 0x93) {
                    at.add(q + 2);
                    q += 2 + ((b[q + 2] & 0xFF) << 8 | b[q + 3] & 0xFF);
                }
                at.add(q + 6); // SOT's Psot, low half
            }
            if (len < 8) {
                break;
            }
            p += (int) len;
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }
}
