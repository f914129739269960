/**
 * A strict software My Number Card and test support: {@link io.github.mynacard.mock.MynaCardEmulator}
 * (a {@link io.github.mynacard.transport.CardTransport} that answers raw APDUs like the card),
 * {@link io.github.mynacard.mock.TestTerminals} for the project's PIN-reset model, and the JUnit 5
 * {@link io.github.mynacard.mock.MynaCardExtension}. All keys in this package are public test keys.
 */
package io.github.mynacard.mock;
