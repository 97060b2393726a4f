package dev.mcpoauth.core.client;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import dev.mcpoauth.core.internal.CredentialHashes;
import dev.mcpoauth.core.internal.RedirectUriMatching;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client as the registry stores it: identifiers, credential hashes, metadata and
 * bookkeeping. Immutable. Never holds a plain-text secret or token.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1">RFC 7591 §3.2.1, client information response</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-3">RFC 7592 §3, client configuration response</a>
 */
public final class RegisteredClient {

    private final String clientId;
    private final Instant clientIdIssuedAt;
    private final String clientSecretHash;
    private final long clientSecretExpiresAt;
    private final String registrationAccessTokenHash;
    private final ClientMetadata metadata;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Instant lastUsedAt;
    private final long version;

    private RegisteredClient(Builder b) {
        requireArgument(b.clientId != null && !b.clientId.isEmpty(), "clientId is required");
        requireArgument(b.clientIdIssuedAt != null, "clientIdIssuedAt is required");
        requireArgument(b.metadata != null, "metadata is required");
        requireArgument(b.clientSecretExpiresAt >= 0, "clientSecretExpiresAt must be >= 0");
        requireArgument(b.clientSecretHash != null || b.clientSecretExpiresAt == 0,
                "clientSecretExpiresAt without a client secret");
        requireArgument(b.version >= 0, "version must be >= 0");
        this.clientId = b.clientId;
        this.clientIdIssuedAt = b.clientIdIssuedAt;
        this.clientSecretHash = b.clientSecretHash;
        this.clientSecretExpiresAt = b.clientSecretExpiresAt;
        this.registrationAccessTokenHash = b.registrationAccessTokenHash;
        this.metadata = b.metadata;
        this.createdAt = b.createdAt == null ? b.clientIdIssuedAt : b.createdAt;
        this.updatedAt = b.updatedAt == null ? this.createdAt : b.updatedAt;
        this.lastUsedAt = b.lastUsedAt;
        this.version = b.version;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.clientId = clientId;
        b.clientIdIssuedAt = clientIdIssuedAt;
        b.clientSecretHash = clientSecretHash;
        b.clientSecretExpiresAt = clientSecretExpiresAt;
        b.registrationAccessTokenHash = registrationAccessTokenHash;
        b.metadata = metadata;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.lastUsedAt = lastUsedAt;
        b.version = version;
        return b;
    }

    public String clientId() {
        return clientId;
    }

    /** When the id was issued; whole seconds (RFC 7591 {@code client_id_issued_at}). */
    public Instant clientIdIssuedAt() {
        return clientIdIssuedAt;
    }

    /** Hash of the client secret; empty for public clients. */
    public Optional<String> clientSecretHash() {
        return Optional.ofNullable(clientSecretHash);
    }

    /** Epoch seconds when the secret expires, {@code 0} for never; {@code 0} when there is no secret. */
    public long clientSecretExpiresAt() {
        return clientSecretExpiresAt;
    }

    /** Hash of the RFC 7592 registration access token; empty when management is off. */
    public Optional<String> registrationAccessTokenHash() {
        return Optional.ofNullable(registrationAccessTokenHash);
    }

    public ClientMetadata metadata() {
        return metadata;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Last time {@code touch} recorded a use; empty if never used. */
    public Optional<Instant> lastUsedAt() {
        return Optional.ofNullable(lastUsedAt);
    }

    /**
     * When the client last showed activity: its last recorded use, or the issue of its id if it
     * was never used. The one definition of "last activity"; stores that must compute it on the
     * server (an SQL column, a Redis index entry) mirror this method and say so.
     */
    public Instant lastActivity() {
        return lastUsedAt().orElse(clientIdIssuedAt);
    }

    /**
     * True when the client's {@linkplain #lastActivity() last activity} is strictly before
     * {@code cutoff}: what {@link dev.mcpoauth.core.registry.ClientRegistry#deleteUnusedSince}
     * deletes.
     */
    public boolean unusedSince(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return lastActivity().isBefore(cutoff);
    }

    /** Optimistic-concurrency version; stores compare it on replace. */
    public long version() {
        return version;
    }

    public boolean isConfidential() {
        return clientSecretHash != null;
    }

    /**
     * Checks a presented client secret in constant time. False for a public client, a wrong
     * secret, or an expired one ({@code client_secret_expires_at} in the past at {@code now}).
     */
    public boolean verifySecret(String presented, Instant now) {
        Objects.requireNonNull(presented, "presented");
        Objects.requireNonNull(now, "now");
        if (clientSecretHash == null) {
            return false;
        }
        boolean matches = CredentialHashes.matches(clientSecretHash, presented);
        boolean expired = clientSecretExpiresAt != 0 && now.getEpochSecond() >= clientSecretExpiresAt;
        return matches && !expired;
    }

    /** Checks a presented registration access token (RFC 7592) in constant time. */
    public boolean verifyRegistrationAccessToken(String presented) {
        Objects.requireNonNull(presented, "presented");
        return registrationAccessTokenHash != null
                && CredentialHashes.matches(registrationAccessTokenHash, presented);
    }

    /**
     * True when {@code presented} equals a registered redirect URI exactly, or when a
     * registered loopback URI ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}) has the
     * same scheme, host, path and query and differs only in port (RFC 8252 §7.3).
     */
    public boolean redirectUriMatches(String presented) {
        Objects.requireNonNull(presented, "presented");
        for (String registered : metadata.redirectUris()) {
            if (RedirectUriMatching.matches(registered, presented)) {
                return true;
            }
        }
        return false;
    }

    /** True when the grant type was registered (case-sensitive). */
    public boolean allowsGrant(String grantType) {
        return metadata.grantTypes().contains(grantType);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RegisteredClient other)) {
            return false;
        }
        return clientId.equals(other.clientId)
                && clientIdIssuedAt.equals(other.clientIdIssuedAt)
                && Objects.equals(clientSecretHash, other.clientSecretHash)
                && clientSecretExpiresAt == other.clientSecretExpiresAt
                && Objects.equals(registrationAccessTokenHash, other.registrationAccessTokenHash)
                && metadata.equals(other.metadata)
                && createdAt.equals(other.createdAt)
                && updatedAt.equals(other.updatedAt)
                && Objects.equals(lastUsedAt, other.lastUsedAt)
                && version == other.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, version);
    }

    /** Names the client and its metadata; credential hashes are left out. */
    @Override
    public String toString() {
        return "RegisteredClient{clientId=" + clientId + ", confidential=" + isConfidential()
                + ", version=" + version + ", metadata=" + metadata + "}";
    }

    /** Builds a {@link RegisteredClient}. */
    public static final class Builder {
        private String clientId;
        private Instant clientIdIssuedAt;
        private String clientSecretHash;
        private long clientSecretExpiresAt;
        private String registrationAccessTokenHash;
        private ClientMetadata metadata;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant lastUsedAt;
        private long version;

        private Builder() {
        }

        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId);
            return this;
        }

        public Builder clientIdIssuedAt(Instant issuedAt) {
            this.clientIdIssuedAt = Objects.requireNonNull(issuedAt).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return this;
        }

        public Builder clientSecretHash(Optional<String> hash) {
            this.clientSecretHash = hash.orElse(null);
            return this;
        }

        public Builder clientSecretExpiresAt(long epochSeconds) {
            this.clientSecretExpiresAt = epochSeconds;
            return this;
        }

        public Builder registrationAccessTokenHash(Optional<String> hash) {
            this.registrationAccessTokenHash = hash.orElse(null);
            return this;
        }

        public Builder metadata(ClientMetadata metadata) {
            this.metadata = Objects.requireNonNull(metadata);
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt);
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = Objects.requireNonNull(updatedAt);
            return this;
        }

        public Builder lastUsedAt(Optional<Instant> lastUsedAt) {
            this.lastUsedAt = lastUsedAt.orElse(null);
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public RegisteredClient build() {
            return new RegisteredClient(this);
        }
    }
}
