package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.cimd.MetadataDocumentUrl;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistry;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What the rest of an authorization server ({@code /authorize}, {@code /token}) needs of the
 * registry: look a client up, check its secret, match a redirect URI, check a grant, record a use.
 *
 * <p>With Client ID Metadata Documents on (DESIGN §9), one lookup serves both kinds of client:
 * an id that {@linkplain MetadataDocumentUrl#looksLikeUrl looks like a URL} is resolved through
 * its metadata document and never reaches the {@link ClientRegistry}; every other id (Dynamic
 * Client Registration, pre-registered clients) is looked up in the registry as before.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1">RFC 6749 §2.3.1, client password</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2.3">RFC 6749 §3.1.2.3, redirect URI comparison</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7.3">RFC 8252 §7.3, loopback redirect ports</a>
 */
public final class ClientDirectory {

    private final ClientRegistry registry;
    private final ClientIdMetadataDocuments metadataDocuments;
    private final Clock clock;

    /** A directory of registered clients only, on the system UTC clock. */
    public ClientDirectory(ClientRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    /** A directory of registered clients only. */
    public ClientDirectory(ClientRegistry registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metadataDocuments = null;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A directory of registered clients and of clients identified by a metadata document URL. */
    public ClientDirectory(ClientRegistry registry, ClientIdMetadataDocuments metadataDocuments, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metadataDocuments = Objects.requireNonNull(metadataDocuments, "metadataDocuments");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True when URL client ids are resolved through Client ID Metadata Documents. */
    public boolean metadataDocumentsEnabled() {
        return metadataDocuments != null;
    }

    /**
     * The client with this id, or empty when there is none.
     *
     * <p>With metadata documents on, a URL id is resolved by {@link ClientIdMetadataDocuments#resolve}
     * (empty for a malformed or untrusted URL) and the registry is not asked. With them off, a URL
     * id is looked up in the registry like any other, where it is unknown.
     *
     * @throws dev.mcpoauth.core.registry.ClientRegistryUnavailableException when the store cannot
     *     be reached: never reported as "not found"
     * @throws dev.mcpoauth.core.cimd.MetadataDocumentException when a URL id's document cannot be
     *     fetched, is refused or invalid, or the fetch limits are reached; answer
     *     {@code invalid_client}, or 429 with {@code Retry-After} when it is throttled
     */
    public Optional<RegisteredClient> findClient(String clientId) {
        if (metadataDocuments != null && MetadataDocumentUrl.looksLikeUrl(clientId)) {
            return metadataDocuments.resolve(clientId);
        }
        return registry.findById(clientId);
    }

    /**
     * True when this client came from a metadata document rather than the registry: it has no
     * secret and no registration access token, and {@link #touch} does nothing for it.
     */
    public boolean isMetadataDocumentClient(RegisteredClient client) {
        return metadataDocuments != null && MetadataDocumentUrl.looksLikeUrl(client.clientId());
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

    /** Records that the client was used now; nothing for a metadata document client, which is not stored. */
    public void touch(String clientId) {
        if (metadataDocuments != null && MetadataDocumentUrl.looksLikeUrl(clientId)) {
            return;
        }
        registry.touch(clientId, clock.instant());
    }
}
