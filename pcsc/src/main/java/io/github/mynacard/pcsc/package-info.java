/** The PC/SC transport over {@code javax.smartcardio}. */
package io.github.mynacard.pcsc;
