package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.client.MetadataNames;
import dev.mcpoauth.core.client.RegisteredClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a registration, read or update: the stored client plus, once, the plain-text
 * client secret and registration access token that were just issued (they are never stored).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1">RFC 7591 §3.2.1, client information response</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-3">RFC 7592 §3, client configuration response</a>
 */
public final class ClientRegistration {

    private final RegisteredClient client;
    private final String clientSecret;
    private final String registrationAccessToken;

    ClientRegistration(RegisteredClient client, Optional<String> clientSecret, Optional<String> registrationAccessToken) {
        this.client = Objects.requireNonNull(client);
        this.clientSecret = clientSecret.orElse(null);
        this.registrationAccessToken = registrationAccessToken.orElse(null);
    }

    public RegisteredClient client() {
        return client;
    }

    /** The plain-text secret issued by this call; empty for public clients and for reads. */
    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /** The plain-text registration access token issued by this call; empty for reads or when management is off. */
    public Optional<String> registrationAccessToken() {
        return Optional.ofNullable(registrationAccessToken);
    }

    /** The RFC 7591 §3.2.1 response members, without {@code registration_client_uri}. */
    public Map<String, Object> toResponseMap() {
        return toResponseMap(Optional.empty());
    }

    /**
     * The RFC 7591 §3.2.1 / RFC 7592 §3 response members: {@code client_id},
     * {@code client_id_issued_at}, the secret and {@code client_secret_expires_at} when the
     * client is confidential, the registration access token when one was just issued,
     * {@code registration_client_uri} when given and management is on, then the metadata.
     * Absent members are omitted, never {@code null}.
     */
    public Map<String, Object> toResponseMap(Optional<String> registrationClientUri) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MetadataNames.CLIENT_ID, client.clientId());
        m.put(MetadataNames.CLIENT_ID_ISSUED_AT, client.clientIdIssuedAt().getEpochSecond());
        if (clientSecret != null) {
            m.put(MetadataNames.CLIENT_SECRET, clientSecret);
        }
        if (client.isConfidential()) {
            m.put(MetadataNames.CLIENT_SECRET_EXPIRES_AT, client.clientSecretExpiresAt());
        }
        if (registrationAccessToken != null) {
            m.put(MetadataNames.REGISTRATION_ACCESS_TOKEN, registrationAccessToken);
        }
        if (client.registrationAccessTokenHash().isPresent()) {
            registrationClientUri.ifPresent(uri -> m.put(MetadataNames.REGISTRATION_CLIENT_URI, uri));
        }
        m.putAll(client.metadata().toMap());
        return m;
    }

    /** Names the client; the plain-text credentials are never part of it. */
    @Override
    public String toString() {
        return "ClientRegistration{clientId=" + client.clientId() + "}";
    }
}
