/**
 * A strict software My Number Card and test support: {@link io.github.mynacard.mock.MynaCardEmulator}
 * (a {@link io.github.mynacard.transport.CardTransport} that answers raw APDUs like the card, in
 * memory or in a state file shared by processes), {@link io.github.mynacard.mock.TestTerminals} for
 * the project's PIN-reset model, and {@link io.github.mynacard.mock.VpcdCardServer}, which serves a
 * card to PC/SC programs through vsmartcard's virtual reader. No test framework is needed; the
 * JUnit 5 extension is in the {@code mynacard-junit5} artifact. All keys in this package are public
 * test keys.
 */
package io.github.mynacard.mock;
