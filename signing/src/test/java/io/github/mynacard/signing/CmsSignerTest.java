package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mynacard.WrongPinException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached CMS signatures made with the emulated card's signing key through the JCA provider. */
class CmsSignerTest {

    private static final byte[] CONTENT = "契約書 第1条 / contract, article 1\n".repeat(200).getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripOverBytesReturnsTheSignerCertificate() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider)
                    .addCertificate(f.signingRoot()).build().sign(CONTENT);
            assertEquals(f.signingCertificate(), CmsVerifier.verifyDetached(CONTENT, sig));
            assertEquals(1, f.prompts, "one signing-password prompt per signature");
            assertEquals(java.util.Set.of(f.signingCertificate(), f.signingRoot()), new java.util.HashSet<>(CmsVerifier.certificates(sig)));
        }
    }

    @Test
    void roundTripOverAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("contract.txt");
        Files.write(file, CONTENT);
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(file);
            assertEquals(f.signingCertificate(), CmsVerifier.verifyDetached(file, sig));
        }
    }

    @Test
    void oneChangedByteFailsVerification() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(CONTENT);
            byte[] tampered = CONTENT.clone();
            tampered[tampered.length / 2] ^= 0x01;
            assertThrows(SignatureVerificationException.class, () -> CmsVerifier.verifyDetached(tampered, sig));
        }
    }

    @Test
    void aChangedSignatureByteFailsVerification() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(CONTENT);
            // the RSA signature value is the last 256 bytes of the SignerInfo, at the end of the DER
            sig[sig.length - 10] ^= 0x01;
            assertThrows(SignatureVerificationException.class, () -> CmsVerifier.verifyDetached(CONTENT, sig));
        }
    }

    @Test
    void anOuterLengthRewrittenOrIndefiniteIsRefusedAsNotDer() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build().sign(CONTENT);
            int lengthOctets = (sig[1] & 0x80) == 0 ? 1 : 1 + (sig[1] & 0x7F);
            byte[] body = java.util.Arrays.copyOfRange(sig, 1 + lengthOctets, sig.length);
            byte[] twoGb = concat(new byte[] {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, body);
            byte[] indefinite = concat(concat(new byte[] {0x30, (byte) 0x80}, body), new byte[2]);
            byte[] trailing = concat(sig, new byte[] {0});
            for (byte[] bad : List.of(twoGb, indefinite, trailing)) {
                SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
                        () -> CmsVerifier.verifyDetached(CONTENT, bad));
                assertTrue(e.getMessage().contains("not DER"), e.getMessage());
            }
            assertNotNull(CmsVerifier.verifyDetached(CONTENT, sig));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void signedAttributesCarryTheRequiredValues() throws Exception {
        Instant now = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider)
                    .clock(Clock.fixed(now, ZoneOffset.UTC)).build().sign(CONTENT);
            SignerInformation si = new CMSSignedData(sig).getSignerInfos().getSigners().iterator().next();
            AttributeTable attrs = si.getSignedAttributes();
            assertNotNull(attrs.get(CMSAttributes.contentType));
            assertNotNull(attrs.get(CMSAttributes.messageDigest));
            assertEquals(now, Time.getInstance(attrs.get(CMSAttributes.signingTime).getAttrValues().getObjectAt(0)).getDate()
                    .toInstant());
            SigningCertificateV2 scv2 = SigningCertificateV2.getInstance(
                    attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2).getAttrValues().getObjectAt(0));
            assertTrue(MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(f.signingCertificate().getEncoded()),
                    scv2.getCerts()[0].getCertHash()));
            assertEquals("2.16.840.1.101.3.4.2.1", si.getDigestAlgOID());
            assertTrue(List.of("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11").contains(si.getEncryptionAlgOID()),
                    si.getEncryptionAlgOID());
        }
    }

    @Test
    void withoutSigningTimeTheAttributeIsAbsent() throws Exception {
        try (CardFixture f = new CardFixture()) {
            byte[] sig = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).signingTime(false)
                    .build().sign(CONTENT);
            SignerInformation si = new CMSSignedData(sig).getSignerInfos().getSigners().iterator().next();
            assertNull(si.getSignedAttributes().get(CMSAttributes.signingTime));
            assertNotNull(si.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
            assertEquals(f.signingCertificate(), CmsVerifier.verifyDetached(CONTENT, sig));
        }
    }

    @Test
    void aWrongPasswordSurfacesAsTheTypedCardException() throws Exception {
        try (CardFixture f = new CardFixture("WRONG999")) {
            CmsSigner signer = CmsSigner.builder(f.signingKey(), f.signingCertificate()).provider(f.provider).build();
            SigningException e = assertThrows(SigningException.class, () -> signer.sign(CONTENT));
            assertInstanceOf(WrongPinException.class, e.cardCause());
            assertTrue(!e.getMessage().contains("WRONG999"));
        }
    }

    @Test
    void garbageIsNotASignature() {
        assertThrows(SignatureVerificationException.class, () -> CmsVerifier.verifyDetached(CONTENT, new byte[] {0x30, 0x03, 1, 2, 3}));
    }
}
