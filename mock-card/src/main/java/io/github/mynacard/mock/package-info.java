/** A strict software My Number Card and test support. */
package io.github.mynacard.mock;
