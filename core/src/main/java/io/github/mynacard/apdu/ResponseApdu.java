package io.github.mynacard.apdu;

import java.util.Arrays;

/**
 * An immutable response APDU: response data and the status word.
 *
 * <p>{@link #toString()} shows the length of the data, never its content, which may be personal data.
 */
public final class ResponseApdu {

    private final byte[] data;
    private final int sw;

    /**
     * Decodes a response as a transport returned it.
     *
     * @param response data followed by SW1 SW2
     * @throws IllegalArgumentException when fewer than 2 bytes are given
     */
    public ResponseApdu(byte[] response) {
        if (response == null || response.length < 2) {
            throw new IllegalArgumentException("response shorter than a status word");
        }
        int n = response.length;
        this.data = Arrays.copyOf(response, n - 2);
        this.sw = ((response[n - 2] & 0xFF) << 8) | (response[n - 1] & 0xFF);
    }

    /**
     * Builds a response from its parts.
     *
     * @param data response data, copied; null means none
     * @param sw status word, 0..0xFFFF
     */
    public ResponseApdu(byte[] data, int sw) {
        if (sw < 0 || sw > 0xFFFF) {
            throw new IllegalArgumentException("status word out of range");
        }
        this.data = data == null ? new byte[0] : data.clone();
        this.sw = sw;
    }

    /** @return a copy of the response data (empty when there is none) */
    public byte[] data() {
        return data.clone();
    }

    /** @return the number of data bytes */
    public int length() {
        return data.length;
    }

    /** @return the status word as an unsigned int, for example {@code 0x9000} */
    public int sw() {
        return sw;
    }

    /** @return SW1, 0..255 */
    public int sw1() {
        return sw >> 8;
    }

    /** @return SW2, 0..255 */
    public int sw2() {
        return sw & 0xFF;
    }

    /** @return whether the status word is {@code 9000} */
    public boolean isSuccess() {
        return sw == StatusWords.SUCCESS;
    }

    /** @return data followed by SW1 SW2, a new array */
    public byte[] encode() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu && ((ResponseApdu) o).sw == sw && Arrays.equals(((ResponseApdu) o).data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + sw;
    }

    @Override
    public String toString() {
        return "ResponseApdu[" + data.length + " bytes, SW=" + StatusWords.describe(sw) + "]";
    }
}
