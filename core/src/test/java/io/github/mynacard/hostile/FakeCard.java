package io.github.mynacard.hostile;

import io.github.mynacard.apdu.CommandApdu;
import io.github.mynacard.transport.CardTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A well-behaved fake My Number Card for the hostile-card tests: it accepts every PIN, serves a
 * small certificate, the token, a My Number and the basic four information, and signs with 256
 * bytes of 0x5A. Every answer goes through {@link #answer}, which a hostile card overrides.
 */
class FakeCard implements CardTransport {

    static final String JPKI = "D392F000260100000001";
    static final String INFO = "D3921000310001010408";
    /** A self-signed RSA-1024 test certificate made with openssl for these tests; it proves nothing. */
    static final byte[] CERT = Base64.getDecoder().decode("MIICCjCCAXOgAwIBAgIUMlQpSIhVh9DjOxYaAnlQeH+WF38wDQYJKoZIhvcNAQELBQAwFzEVMBMGA1UEAwwMaG9zdGlsZSB0ZXN0MB4XDTI2MTEyNzA4NTcwNloXDTM2MTEyNDA4NTcwNlowFzEVMBMGA1UEAwwMaG9zdGlsZSB0ZXN0MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC29rZ8bkwcWF9oHum8M9TC6e+SxtNkV16kjj7XVrGNe9adAFe+BXH+rZ1mlgB27UKvfSe/0QpR/hA7fYA7YrMd4jV38xmma4Jpd4HwXIlFo5/ehPRZsWpxrWEbqsZHGRSZUKaz0z/+Q0+K83GJgIJrZHvWl2v5Tus3iDv14lU7OQIDAQABo1MwUTAdBgNVHQ4EFgQUnM7cLoRBIPjVc2zh+1NW2eANJrMwHwYDVR0jBBgwFoAUnM7cLoRBIPjVc2zh+1NW2eANJrMwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOBgQAckoaNIz09xnoziGSPtK/ArzXspLeb3q+SKCk4xl04LswSwdxmpQa9hht2R06KFLJYEeXThHmUbNOymooxma6tu8/fJpXMLYL4X4BnvQmPkbHjJDbENr8wwqpKKAEpDdxg0BlGJVya+CQ2A63UCuWXTYG16UqNtJf+mEG1eiInHA==");
    static final String MY_NUMBER = "314159265352";

    final Map<String, byte[]> files = new TreeMap<>();
    private String ap = "";
    private int ef = -1;
    int commands;

    FakeCard() {
        for (int fid : new int[] {0x01, 0x02, 0x0A, 0x0B}) {
            files.put(JPKI + ":" + fid, padded(CERT));
        }
        byte[] token = new byte[160];
        Arrays.fill(token, (byte) 0x20);
        byte[] label = "JPKIAPICCTOKEN2".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, token, 0, label.length);
        files.put(JPKI + ":" + 0x06, token);
        files.put(INFO + ":" + 0x01, myNumberFile(MY_NUMBER));
        files.put(INFO + ":" + 0x02, basicFour("番号\u3000花子".getBytes(StandardCharsets.UTF_8), "19900401", '2'));
    }

    static byte[] padded(byte[] b) {
        byte[] out = Arrays.copyOf(b, b.length + 7);
        Arrays.fill(out, b.length, out.length, (byte) 0xFF);
        return out;
    }

    static byte[] myNumberFile(String digits) {
        byte[] f = new byte[17];
        f[0] = (byte) 0xFF;
        f[1] = 0x10;
        f[2] = 0x0C;
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, f, 3, 12);
        f[15] = (byte) 0xFF;
        f[16] = (byte) 0xFF;
        return f;
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(tag >> 8);
        o.write(tag);
        if (value.length >= 0x80) {
            o.write(0x81);
        }
        o.write(value.length);
        o.writeBytes(value);
        return o.toByteArray();
    }

    static byte[] basicFour(byte[] name, String birth, char sex) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(tlv(0xDF21, new byte[8]));
        inner.writeBytes(tlv(0xDF22, name));
        inner.writeBytes(tlv(0xDF23, "東京都千代田区霞が関２丁目１番２号".getBytes(StandardCharsets.UTF_8)));
        inner.writeBytes(tlv(0xDF24, birth.getBytes(StandardCharsets.US_ASCII)));
        inner.writeBytes(tlv(0xDF25, new byte[] {(byte) sex}));
        return padded(tlv(0xFF20, inner.toByteArray()));
    }

    static byte[] ok(byte[] data) {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) 0x90;
        return out;
    }

    static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    @Override
    public byte[] transmit(byte[] command) throws IOException {
        commands++;
        return answer(command, normal(command));
    }

    /** The hostile part: what the card really answers, given the command and the right answer. */
    byte[] answer(byte[] command, byte[] right) throws IOException {
        return right;
    }

    /** What a good card answers. */
    final byte[] normal(byte[] c) {
        CommandApdu a;
        try {
            a = CommandApdu.parse(c);
        } catch (IllegalArgumentException e) {
            return sw(0x6700);
        }
        switch (a.ins()) {
            case 0xA4:
                if (a.p1() == 0x04) {
                    ap = HexFormat.of().withUpperCase().formatHex(a.data());
                    ef = -1;
                } else {
                    byte[] d = a.data();
                    ef = ((d[0] & 0xFF) << 8) | (d[1] & 0xFF);
                }
                return sw(0x9000);
            case 0x20:
                if (a.nc() == 0) {
                    int fid = a.p2() == 0x80 ? ef : a.p2() & 0x1F;
                    return sw(0x63C0 | (fid == 0x1B ? 5 : 3));
                }
                return sw(0x9000);
            case 0xB0: {
                int fid = (a.p1() & 0x80) != 0 ? a.p1() & 0x1F : ef;
                int offset = (a.p1() & 0x80) != 0 ? a.p2() : (a.p1() << 8) | a.p2();
                if ((a.p1() & 0x80) != 0) {
                    ef = fid;
                }
                byte[] f = files.get(ap + ":" + fid);
                if (f == null) {
                    return sw(0x6A82);
                }
                if (offset >= f.length) {
                    return sw(0x6B00);
                }
                return ok(Arrays.copyOfRange(f, offset, Math.min(f.length, offset + a.ne())));
            }
            case 0x2A: {
                byte[] s = new byte[256];
                Arrays.fill(s, (byte) 0x5A);
                return ok(s);
            }
            case 0x84:
                return ok(new byte[a.ne()]);
            default:
                return sw(0x9000);
        }
    }
}
