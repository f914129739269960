/**
 * The link to the card: {@link io.github.mynacard.transport.CardTransport} takes a command APDU and
 * returns the response, and {@link io.github.mynacard.transport.CardTransportException} types its
 * failures. The decorators fetch the rest of a {@code 61xx} response, correct a wrong Le on
 * {@code 6Cxx}, and trace every exchange with PINs and personal data masked.
 */
package io.github.mynacard.transport;
