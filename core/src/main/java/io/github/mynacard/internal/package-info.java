/**
 * The library's own machinery behind {@link io.github.mynacard.MynaCard}, not exported by the
 * module: the card channel (link, selection, file reads), the PIN guard (attempt counts, status
 * query, lockout guard), the sessions of the JPKI and card-info applications, PIN change and reset,
 * and the catalogue of commands the library sends.
 */
package io.github.mynacard.internal;
