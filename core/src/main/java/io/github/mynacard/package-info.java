/**
 * Typed operations on a My Number Card (マイナンバーカード): {@link io.github.mynacard.MynaCard}, the
 * facade over any {@link io.github.mynacard.transport.CardTransport}, and the values it takes and
 * returns (the four PINs and their policy, the JPKI keys and certificates, the card-info fields).
 *
 * <p>Failures are checked exceptions under {@link io.github.mynacard.MynaCardException}: a
 * {@link io.github.mynacard.CardRefusedException} subtype when the card (or the library, on the
 * card's rules) refused, a {@link io.github.mynacard.CardDataException} when the card's data is
 * malformed. A failure of the link is an {@link java.io.IOException}.
 */
package io.github.mynacard;
