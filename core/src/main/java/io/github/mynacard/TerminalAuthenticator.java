package io.github.mynacard;

import java.io.IOException;

/**
 * A terminal that proves itself to the card before a PIN reset: a convenience-store kiosk or a
 * municipal office.
 *
 * <p>This project's reset model (the card-level procedure is not public): the library sends
 * GET CHALLENGE ({@code 00 84 00 00 10}), passes the 16-byte challenge to {@link #authenticate},
 * and sends the result in EXTERNAL AUTHENTICATE ({@code 00 82 00 (80|keyReference)}). The card
 * checks the signature with the public key it holds for that key reference and grants the role
 * tied to it. Real cards trust only the kiosks' and offices' keys, which are not public, so on a
 * real card every reset through this interface is refused.
 */
public interface TerminalAuthenticator {

    /**
     * @return the card's reference of this terminal's public key, 1..127
     */
    int keyReference();

    /**
     * Signs the card's challenge with the terminal's private key (SHA256withRSA in this project's
     * model).
     *
     * @param challenge the bytes the card sent
     * @return the signature for EXTERNAL AUTHENTICATE
     * @throws IOException when the terminal cannot sign (its key store or device failed)
     */
    byte[] authenticate(byte[] challenge) throws IOException;
}
