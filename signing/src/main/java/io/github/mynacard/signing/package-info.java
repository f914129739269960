/**
 * Signatures over files with a My Number Card key: detached CMS SignedData ({@link
 * io.github.mynacard.signing.CmsSigner}, {@link io.github.mynacard.signing.CmsVerifier}) and PAdES
 * PDF signatures from baseline B to LTA ({@link io.github.mynacard.signing.PdfSigner},
 * {@link io.github.mynacard.signing.PdfVerifier}). The card is reached through the JCA, with the
 * key handles and {@code Signature} algorithms of {@code io.github.mynacard.jca.MynaCardProvider},
 * so any other JCA private key works too.
 *
 * <p>Verification here checks the signature's mathematics and its binding to the signer
 * certificate; whether that certificate is trusted is a separate step
 * ({@code io.github.mynacard.cert.ChainValidator}).
 */
package io.github.mynacard.signing;
