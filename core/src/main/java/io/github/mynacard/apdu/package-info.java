/**
 * The ISO 7816-4 wire formats, one codec each: {@link io.github.mynacard.apdu.CommandApdu} encodes
 * and decodes commands in all their short and extended forms,
 * {@link io.github.mynacard.apdu.ResponseApdu} splits answers from their status word,
 * {@link io.github.mynacard.apdu.StatusWords} names the status words, and
 * {@link io.github.mynacard.apdu.TlvHeader} decodes the TLV headers behind
 * {@link io.github.mynacard.apdu.BerTlv}, the reader of the card's BER-TLV files.
 */
package io.github.mynacard.apdu;
