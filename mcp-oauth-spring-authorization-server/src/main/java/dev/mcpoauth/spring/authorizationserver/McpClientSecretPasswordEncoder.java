package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.client.CredentialHash;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * Verifies client secrets against the hash mcp-oauth stores keep ({@link CredentialHash}), in
 * constant time. Registered under the id {@value #ID} in a {@link DelegatingPasswordEncoder}, so
 * {@code {mcp-sha256}<hash>} (what {@link ClientDirectoryRegisteredClientRepository} maps a secret
 * to) is checked here and {@code {bcrypt}...} user passwords still work. Expiry is Spring's check
 * on {@code clientSecretExpiresAt}, which the repository sets from {@code client_secret_expires_at}.
 *
 * <p>The hash is a fast one on purpose: client secrets carry 256 random bits, so a slow password
 * hash would only slow every token request.
 */
public final class McpClientSecretPasswordEncoder implements PasswordEncoder {

    /** The {@link DelegatingPasswordEncoder} id of this encoding. */
    public static final String ID = "mcp-sha256";

    @Override
    public String encode(CharSequence rawPassword) {
        return CredentialHash.of(rawPassword.toString());
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || encodedPassword.isEmpty()) {
            return false;
        }
        return CredentialHash.matches(encodedPassword, rawPassword.toString());
    }

    /**
     * A {@link DelegatingPasswordEncoder} that encodes new passwords with bcrypt and matches
     * {@code {bcrypt}}, {@code {pbkdf2@SpringSecurity_v5_8}} and {@code {mcp-sha256}}: one
     * {@code PasswordEncoder} bean for both the users' passwords and the clients' secrets. It never
     * asks to upgrade a client secret's encoding: the store keeps the hash, and Spring would try to
     * save the client (which {@link ClientDirectoryRegisteredClientRepository#save} refuses).
     */
    public static PasswordEncoder delegating() {
        Map<String, PasswordEncoder> encoders = new LinkedHashMap<>();
        encoders.put("bcrypt", new BCryptPasswordEncoder());
        encoders.put("pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put(ID, new McpClientSecretPasswordEncoder());
        return new KeepingClientSecretHashes(new DelegatingPasswordEncoder("bcrypt", encoders));
    }

    /** A delegating encoder that upgrades user passwords as usual but never a stored client-secret hash. */
    private static final class KeepingClientSecretHashes implements PasswordEncoder {

        private static final String PREFIX = "{" + ID + "}";

        private final PasswordEncoder delegate;

        KeepingClientSecretHashes(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            return delegate.matches(rawPassword, encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return encodedPassword != null && !encodedPassword.startsWith(PREFIX)
                    && delegate.upgradeEncoding(encodedPassword);
        }
    }
}
