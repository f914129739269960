/**
 * JUnit 5 support for tests against the emulated card: {@link io.github.mynacard.junit5.MynaCardExtension}
 * gives each test parameter of type {@link io.github.mynacard.mock.MynaCardEmulator} a fresh card.
 */
package io.github.mynacard.junit5;
