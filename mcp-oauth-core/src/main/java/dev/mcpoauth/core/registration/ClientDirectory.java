package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What the rest of an authorization server ({@code /authorize}, {@code /token}) needs of the
 * registry: look a client up, check its secret, match a redirect URI, check a grant, record a use.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1">RFC 6749 §2.3.1, client password</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2.3">RFC 6749 §3.1.2.3, redirect URI comparison</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7.3">RFC 8252 §7.3, loopback redirect ports</a>
 */
public final class ClientDirectory {

    private final ClientRegistry registry;
    private final Clock clock;

    public ClientDirectory(ClientRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    public ClientDirectory(ClientRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The client with this id, or empty when there is none.
     *
     * @throws dev.mcpoauth.core.registry.ClientRegistryUnavailableException when the store cannot
     *     be reached: never reported as "not found"
     */
    public Optional<RegisteredClient> findClient(String clientId) {
        return registry.findById(clientId);
    }

    /** Constant-time secret check that honours {@code client_secret_expires_at}. */
    public boolean verifySecret(RegisteredClient client, String presentedSecret) {
        return client.verifySecret(presentedSecret, clock.instant());
    }

    /** Exact match, or any port for a registered loopback URI (RFC 8252 §7.3). */
    public boolean redirectUriMatches(RegisteredClient client, String presentedRedirectUri) {
        return client.redirectUriMatches(presentedRedirectUri);
    }

    public boolean allowsGrant(RegisteredClient client, String grantType) {
        return client.allowsGrant(grantType);
    }

    /** Records that the client was used now. */
    public void touch(String clientId) {
        registry.touch(clientId, clock.instant());
    }
}
