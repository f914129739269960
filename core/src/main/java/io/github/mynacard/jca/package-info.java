/**
 * A JCA {@link java.security.Provider} for the two JPKI keys of a My Number Card: a read-only
 * {@link java.security.KeyStore} of type {@code "MynaCard"} with the aliases
 * {@code "authentication"} and {@code "signing"}, and {@link java.security.Signature} algorithms
 * ({@code SHA256withRSA}, {@code SHA384withRSA}, {@code SHA512withRSA}, {@code NONEwithRSA}) that
 * hash in the JVM and let the card pad and sign.
 *
 * <pre>{@code
 * MynaCardProvider provider = new MynaCardProvider(card);
 * KeyStore ks = KeyStore.getInstance("MynaCard", provider);
 * ks.load(new MynaCardLoadStoreParameter(new KeyStore.CallbackHandlerProtection(handler)));
 * Signature s = Signature.getInstance("SHA256withRSA", provider);
 * s.initSign((PrivateKey) ks.getKey("signing", null));
 * s.update(data);
 * byte[] signature = s.sign();          // asks the handler for the signing password
 * }</pre>
 */
package io.github.mynacard.jca;
