package io.github.mynacard.examples.cli;

import io.github.mynacard.login.FileNonceStore;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --nonce-store FILE}: the login nonce store that auth-challenge and auth-verify share. */
final class NonceStoreOption {

    private NonceStoreOption() {
    }

    /**
     * @param file the option's value
     * @return the store, checked (its directory exists; the file, if any, is a store)
     * @throws CliException when it cannot be used
     */
    static FileNonceStore open(Path file) throws CliException {
        try {
            return FileNonceStore.open(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw CliException.badInput("--nonce-store: the directory of " + file + " does not exist");
        } catch (java.nio.file.AccessDeniedException e) {
            throw CliException.badInput("--nonce-store: " + file + " (or its lock file) cannot be opened: permission denied");
        } catch (IOException e) {
            throw CliException.badInput("--nonce-store: " + (e.getMessage() != null ? e.getMessage() : file + " cannot be used"));
        }
    }
}
