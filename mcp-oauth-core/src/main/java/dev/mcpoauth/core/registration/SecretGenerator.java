package dev.mcpoauth.core.registration;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where client ids, client secrets and registration access tokens come from. The default draws
 * from {@link SecureRandom}; tests may supply a fixed sequence.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1">RFC 7591 §3.2.1, client_id and client_secret</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-3">RFC 7592 §3, registration_access_token</a>
 */
public interface SecretGenerator {

    /** A new client id: at least 128 random bits, URL-safe. */
    String newClientId();

    /** A new client secret or registration access token: at least 256 random bits, URL-safe. */
    String newSecret();

    /**
     * Ids of 128 bits and secrets of 256 bits from {@link SecureRandom}, base64url without
     * padding. Each thread draws from its own self-seeded DRBG (NIST SP 800-90A), so concurrent
     * registrations do not queue on the one lock that every {@code NativePRNG} instance shares.
     */
    static SecretGenerator secureRandom() {
        ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SecretGenerator::newGenerator);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return new SecretGenerator() {
            @Override
            public String newClientId() {
                byte[] bytes = new byte[16];
                random.get().nextBytes(bytes);
                return encoder.encodeToString(bytes);
            }

            @Override
            public String newSecret() {
                byte[] bytes = new byte[32];
                random.get().nextBytes(bytes);
                return encoder.encodeToString(bytes);
            }
        };
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
