/** The mynacard command line and example programs. */
package io.github.mynacard.examples;
