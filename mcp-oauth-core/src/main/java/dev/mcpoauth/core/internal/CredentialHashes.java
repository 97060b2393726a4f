package dev.mcpoauth.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Hashes of high-entropy credentials (client secrets, registration access tokens): SHA-256,
 * URL-safe base64 without padding. The inputs carry at least 256 random bits, so a fast
 * hash is enough; a password hash would only slow every token check.
 */
public final class CredentialHashes {

    private CredentialHashes() {
    }

    public static String hash(String credential) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(credential));
    }

    /** Constant-time comparison of a stored hash and a presented credential. */
    public static boolean matches(String storedHash, String presented) {
        byte[] expected = storedHash.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hash(presented).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Constant-time equality of two secrets, by comparing their digests. */
    public static boolean equalSecrets(String a, String b) {
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
