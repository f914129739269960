package io.github.mynacard.examples.cli;

/**
 * Checks a JP2 file's box structure before it is decoded: the signature box first, every box
 * length within the file, one image header box (in the JP2 header box) before the codestream box,
 * and the codestream's SIZ marker in bounds and agreeing with the image header
 * (see {@link CardPhotoDecoder}).
 */
final class Jp2Boxes {

    private static final int JP = 0x6A502020;
    private static final int JP2H = 0x6A703268;
    private static final int IHDR = 0x69686472;
    private static final int JP2C = 0x6A703263;

    private Jp2Boxes() {
    }

    /** Refuses a JP2 file whose boxes or header are out of bounds or inconsistent. */
    static void check(byte[] b) throws CliException {
        if (b.length < 12 || CardPhotoDecoder.u32(b, 0) != 12 || CardPhotoDecoder.u32(b, 4) != JP
                || CardPhotoDecoder.u32(b, 8) != 0x0D0A870AL) {
            throw CardPhotoDecoder.refused("it is neither a JP2 file nor a JPEG 2000 codestream");
        }
        long[] ihdr = null;
        int p = 12;
        while (p < b.length) {
            long[] box = box(b, p, b.length);
            int type = (int) box[0];
            int body = (int) box[1];
            int end = (int) box[2];
            if (type == JP2H) {
                if (ihdr != null) {
                    throw CardPhotoDecoder.refused("it has more than one JP2 header box");
                }
                long[] first = box(b, body, end);
                if ((int) first[0] != IHDR || first[2] - first[1] != 14) {
                    throw CardPhotoDecoder.refused("its JP2 header box does not start with an image header");
                }
                int q = (int) first[1];
                ihdr = new long[] {CardPhotoDecoder.u32(b, q + 4), CardPhotoDecoder.u32(b, q), CardPhotoDecoder.u16(b, q + 8)};
                int s = body;
                while (s < end) {
                    s = (int) box(b, s, end)[2];
                }
            } else if (type == JP2C) {
                if (ihdr == null) {
                    throw CardPhotoDecoder.refused("its codestream comes before its JP2 header");
                }
                CardPhotoDecoder.checkSiz(b, body, end, ihdr[0], ihdr[1], (int) ihdr[2]);
                return;
            }
            p = end;
        }
        throw CardPhotoDecoder.refused("it holds no codestream");
    }

    /** @return type, body start, end of the box at {@code p}, which must end by {@code limit} */
    private static long[] box(byte[] b, int p, int limit) throws CliException {
        if (p + 8 > limit) {
            throw CardPhotoDecoder.refused("a JP2 box is truncated");
        }
        long len = CardPhotoDecoder.u32(b, p);
        long type = CardPhotoDecoder.u32(b, p + 4);
        int body = p + 8;
        if (len == 1) {
            if (p + 16 > limit) {
                throw CardPhotoDecoder.refused("a JP2 box is truncated");
            }
            long hi = CardPhotoDecoder.u32(b, p + 8);
            len = hi != 0 ? Long.MAX_VALUE : CardPhotoDecoder.u32(b, p + 12);
            body = p + 16;
        } else if (len == 0) {
            len = limit - p;
        }
        if (len < body - p || len > limit - p) {
            throw CardPhotoDecoder.refused("a JP2 box's length does not fit the file");
        }
        return new long[] {type, body, p + len};
    }
}
