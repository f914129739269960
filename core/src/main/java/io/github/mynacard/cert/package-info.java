/**
 * Checks of JPKI certificates with the JDK alone: trust anchors from a folder, chain validation
 * that matches issuers by key, the personal data in the signing certificate's subjectAltName, and
 * the remaining validity.
 */
package io.github.mynacard.cert;
