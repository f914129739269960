package io.github.mynacard.jca;

import io.github.mynacard.DigestAlgorithm;
import io.github.mynacard.MynaCardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.Arrays;

/**
 * RSA PKCS#1 v1.5 signatures with a card key: the data is hashed here, the DigestInfo is sent to
 * the card, which pads and signs. {@code NONEwithRSA} sends the data as given (1–245 bytes).
 */
final class MynaCardSignatureSpi extends SignatureSpi {

    /** The most a PKCS#1 v1.5 block of a 2048-bit key can carry. */
    static final int MAX_RAW = 245;

    private final DigestAlgorithm algorithm;
    private MessageDigest digest;
    private ByteArrayOutputStream raw;
    private MynaCardPrivateKey key;

    /** @param algorithm the hash, or null for NONEwithRSA */
    MynaCardSignatureSpi(DigestAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("the MynaCard provider only signs; verify with the JDK's own provider");
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof MynaCardPrivateKey)) {
            throw new InvalidKeyException("the MynaCard provider signs only with its own card keys, not "
                    + (privateKey == null ? "null" : privateKey.getClass().getName()));
        }
        this.key = (MynaCardPrivateKey) privateKey;
        reset();
    }

    private void reset() throws InvalidKeyException {
        if (algorithm == null) {
            raw = new ByteArrayOutputStream();
        } else {
            try {
                digest = MessageDigest.getInstance(algorithm.jcaName());
            } catch (NoSuchAlgorithmException e) {
                throw new InvalidKeyException("the JVM has no " + algorithm.jcaName(), e);
            }
        }
    }

    private void ensureSigning() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialized for signing");
        }
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        ensureSigning();
        if (algorithm == null) {
            if (raw.size() + len > MAX_RAW) {
                throw new SignatureException("NONEwithRSA takes at most " + MAX_RAW + " bytes");
            }
            raw.write(b, off, len);
        } else {
            digest.update(b, off, len);
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        ensureSigning();
        byte[] block;
        if (algorithm == null) {
            block = raw.toByteArray();
            raw.reset();
            if (block.length == 0) {
                throw new SignatureException("NONEwithRSA needs 1 to " + MAX_RAW + " bytes");
            }
        } else {
            block = algorithm.digestInfo(digest.digest());
        }
        try {
            return key.context().sign(key.jpkiKey(), block);
        } catch (MynaCardException e) {
            throw new SignatureException("the card did not sign: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SignatureException("the link to the card failed: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SignatureException(e.getMessage(), e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException("the MynaCard provider only signs");
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }
}
