package dev.mcpoauth.core.client;

import dev.mcpoauth.core.internal.CredentialHashes;
import java.util.Objects;

/**
 * The hash format in which stores keep client secrets and registration access tokens
 * ({@link RegisteredClient#clientSecretHash()}): SHA-256 of the UTF-8 credential, URL-safe
 * base64 without padding. For an authorization server that checks a presented secret against a
 * stored hash outside {@link RegisteredClient#verifySecret} (for example through Spring Security's
 * {@code PasswordEncoder}); prefer {@code verifySecret}, which also honours
 * {@code client_secret_expires_at} (RFC 7591 §3.2.1).
 */
public final class CredentialHash {

    private CredentialHash() {
    }

    /**
     * The stored form of a credential.
     *
     * @param credential the plain credential; never logged or kept
     * @return its hash, 43 URL-safe base64 characters
     */
    public static String of(String credential) {
        return CredentialHashes.hash(Objects.requireNonNull(credential, "credential"));
    }

    /**
     * Compares a presented credential with a stored hash in constant time.
     *
     * @return true when {@code presented} hashes to {@code storedHash}
     */
    public static boolean matches(String storedHash, String presented) {
        Objects.requireNonNull(storedHash, "storedHash");
        Objects.requireNonNull(presented, "presented");
        return CredentialHashes.matches(storedHash, presented);
    }
}
