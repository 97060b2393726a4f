package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.client.MetadataNames;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientDeleted;
import dev.mcpoauth.core.event.ClientRead;
import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.EventPublisher;
import dev.mcpoauth.core.event.ClientUpdated;
import dev.mcpoauth.core.event.ManagementOperation;
import dev.mcpoauth.core.event.ManagementRefused;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.event.StoreFailed;
import dev.mcpoauth.core.internal.CredentialHashes;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The client configuration endpoint
 * (<a href="https://www.rfc-editor.org/rfc/rfc7592#section-2">RFC 7592 §2</a>): read, replace and delete a registration,
 * authorised by its registration access token. Thread-safe.
 *
 * <p>Every authorisation failure, including an unknown client id, is the same
 * {@code invalid_token} outcome, so a caller learns nothing about which clients exist
 * (RFC 7592 §2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-2">RFC 7592 §2, client configuration endpoint</a>
 */
public final class ClientConfigurationService {

    private static final String DUMMY_HASH = CredentialHashes.hash("no such client");
    private static final int MAX_REPLACE_ATTEMPTS = 5;
    private static final List<String> SERVER_OWNED_MEMBERS = List.of(
            MetadataNames.REGISTRATION_ACCESS_TOKEN, MetadataNames.REGISTRATION_CLIENT_URI,
            MetadataNames.CLIENT_ID_ISSUED_AT, MetadataNames.CLIENT_SECRET_EXPIRES_AT);

    private final ClientRegistry registry;
    private final RegistrationPolicy policy;
    private final Clock clock;
    private final SecretGenerator secrets;
    private final ClientMetadataValidator validator;
    private final EventPublisher events;

    public ClientConfigurationService(ClientRegistry registry, RegistrationPolicy policy) {
        this(registry, policy, Clock.systemUTC(), SecretGenerator.secureRandom());
    }

    public ClientConfigurationService(ClientRegistry registry, RegistrationPolicy policy, Clock clock,
            SecretGenerator secrets) {
        this(registry, policy, clock, secrets, List.of());
    }

    /**
     * A service that publishes, for every request, a {@link ClientRead}, {@link ClientUpdated},
     * {@link ClientDeleted}, {@link ManagementRefused} or {@link StoreFailed} event to each of
     * {@code listeners}.
     */
    public ClientConfigurationService(ClientRegistry registry, RegistrationPolicy policy, Clock clock,
            SecretGenerator secrets, List<RegistrationEventListener> listeners) {
        this.events = new EventPublisher(listeners);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.validator = new ClientMetadataValidator(policy);
    }

    /** Whether the configuration endpoint exists: registration and management both enabled. */
    public boolean enabled() {
        return policy.enabled() && policy.managementEnabled();
    }

    /**
     * Reads a registration (RFC 7592 §2.1). The response carries no plain-text credential.
     *
     * @throws RegistrationException {@code invalid_token} for a missing or wrong token or an
     *     unknown client; {@code not_found} when management is off
     */
    public ClientRegistration read(String clientId, Optional<String> registrationAccessToken) {
        RegisteredClient client = published(ManagementOperation.READ, () -> authorize(clientId, registrationAccessToken));
        events.publish(new ClientRead(clock.instant(), ClientSummary.of(client), Optional.empty()));
        return new ClientRegistration(client, Optional.empty(), Optional.empty());
    }

    /** Runs a use case, publishing its refusal or store failure; the caller publishes success. */
    private <T> T published(ManagementOperation operation, Supplier<T> useCase) {
        try {
            return useCase.get();
        } catch (RegistrationException e) {
            events.publish(new ManagementRefused(clock.instant(), operation, e.error().code(), Optional.empty()));
            throw e;
        } catch (ClientRegistryException e) {
            events.publish(new StoreFailed(clock.instant(), operation.name().toLowerCase(Locale.ROOT),
                    e instanceof ClientRegistryUnavailableException));
            throw e;
        }
    }

    /**
     * Replaces a registration's metadata (RFC 7592 §2.2), rotating the registration access token
     * when the policy says so. Two concurrent updates cannot both win: with rotation the loser's
     * token is stale and it gets {@code invalid_token}; without it the loser re-reads and applies.
     *
     * @throws RegistrationException {@code invalid_token} as for {@link #read};
     *     {@code invalid_request} when the body names another client id, carries a server-owned
     *     member, or a client secret that does not match; the validation errors of registration
     */
    public ClientRegistration replace(String clientId, Optional<String> registrationAccessToken,
            Map<String, ?> request) {
        Objects.requireNonNull(request, "request");
        ClientRegistration replaced = published(ManagementOperation.UPDATE,
                () -> replaceOrThrow(clientId, registrationAccessToken, request));
        events.publish(new ClientUpdated(clock.instant(), ClientSummary.of(replaced.client()), Optional.empty()));
        return replaced;
    }

    private ClientRegistration replaceOrThrow(String clientId, Optional<String> registrationAccessToken,
            Map<String, ?> request) {
        long previousVersion = -1;
        int stalledAttempts = 0;
        while (true) {
            RegisteredClient current = authorize(clientId, registrationAccessToken);
            // a lost race is retried while other writers make progress; only a store that refuses
            // without the version moving counts towards the limit
            if (current.version() <= previousVersion && ++stalledAttempts >= MAX_REPLACE_ATTEMPTS) {
                throw new RegistrationException(RegistrationError.INVALID_TOKEN,
                        "the registration changed concurrently; read it again");
            }
            previousVersion = current.version();
            checkReplaceRequest(current, request);
            ClientMetadata metadata = validator.validate(request);

            Instant now = clock.instant();
            Optional<String> newSecret = Optional.empty();
            RegisteredClient.Builder next = current.toBuilder().metadata(metadata).updatedAt(now)
                    .version(current.version() + 1);
            if (!RegistrationService.requiresSecret(metadata)) {
                next.clientSecretHash(Optional.empty()).clientSecretExpiresAt(0);
            } else if (!current.isConfidential()) {
                newSecret = Optional.of(secrets.newSecret());
                long expiresAt = policy.clientSecretLifetime().isZero() ? 0
                        : now.plus(policy.clientSecretLifetime()).getEpochSecond();
                next.clientSecretHash(newSecret.map(CredentialHashes::hash)).clientSecretExpiresAt(expiresAt);
            }
            Optional<String> newToken = policy.rotateRegistrationAccessToken()
                    ? Optional.of(secrets.newSecret()) : Optional.empty();
            newToken.ifPresent(token -> next.registrationAccessTokenHash(Optional.of(CredentialHashes.hash(token))));
            RegisteredClient replacement = next.build();

            if (registry.replace(replacement, current.version())) {
                return new ClientRegistration(replacement, newSecret, newToken);
            }
        }
    }

    /**
     * Deletes a registration (RFC 7592 §2.3). Afterwards its token is {@code invalid_token}.
     *
     * @throws RegistrationException {@code invalid_token} as for {@link #read}
     */
    public void delete(String clientId, Optional<String> registrationAccessToken) {
        RegisteredClient deleted = published(ManagementOperation.DELETE, () -> {
            RegisteredClient client = authorize(clientId, registrationAccessToken);
            registry.delete(clientId);
            return client;
        });
        events.publish(new ClientDeleted(clock.instant(), ClientSummary.of(deleted), Optional.empty()));
    }

    /**
     * Refuses every request while the configuration endpoint does not exist.
     *
     * @throws RegistrationException {@link RegistrationError#NOT_FOUND} unless registration and
     *     management are both enabled
     */
    public void requireEnabled() {
        if (!enabled()) {
            throw new RegistrationException(RegistrationError.NOT_FOUND, "client management is not enabled");
        }
    }

    /**
     * The decisions {@link #read}, {@link #replace} and {@link #delete} take before they look at
     * the client, for a binding to take before it reads a body: management is enabled and a
     * registration access token
     * (<a href="https://www.rfc-editor.org/rfc/rfc7592#section-2">RFC 7592 §2</a>) was presented.
     * Whether it is the client's token is decided by those methods.
     *
     * @param registrationAccessToken the token presented, if any
     * @throws RegistrationException {@link RegistrationError#NOT_FOUND} when management is off;
     *     {@link RegistrationError#INVALID_TOKEN} without {@linkplain RegistrationException#credentialsPresented()
     *     credentials presented} when no token was presented
     */
    public void checkBeforeBody(Optional<String> registrationAccessToken) {
        Objects.requireNonNull(registrationAccessToken, "registrationAccessToken");
        requireEnabled();
        if (registrationAccessToken.isEmpty()) {
            throw RegistrationException.missingToken("a registration access token is required");
        }
    }

    private RegisteredClient authorize(String clientId, Optional<String> token) {
        Objects.requireNonNull(clientId, "clientId");
        checkBeforeBody(token);
        Optional<RegisteredClient> client = registry.findById(clientId);
        boolean valid;
        if (client.isPresent()) {
            valid = client.get().verifyRegistrationAccessToken(token.get());
        } else {
            // same work as for a known client, so timing does not reveal existence
            CredentialHashes.matches(DUMMY_HASH, token.get());
            valid = false;
        }
        if (!valid) {
            throw new RegistrationException(RegistrationError.INVALID_TOKEN,
                    "the registration access token is not valid for this client");
        }
        return client.get();
    }

    private static void checkReplaceRequest(RegisteredClient current, Map<String, ?> request) {
        Object clientId = request.get(MetadataNames.CLIENT_ID);
        if (!JsonValues.isNull(clientId) && !current.clientId().equals(clientId)) {
            throw new RegistrationException(RegistrationError.INVALID_REQUEST,
                    "client_id in the body must be the client's own id (RFC 7592 §2.2)");
        }
        for (String member : SERVER_OWNED_MEMBERS) {
            if (!JsonValues.isNull(request.get(member))) {
                throw new RegistrationException(RegistrationError.INVALID_REQUEST,
                        member + " must not be sent in an update (RFC 7592 §2.2)");
            }
        }
        Object secret = request.get(MetadataNames.CLIENT_SECRET);
        if (!JsonValues.isNull(secret)) {
            boolean matches = secret instanceof String s && current.clientSecretHash()
                    .map(hash -> CredentialHashes.matches(hash, s)).orElse(false);
            if (!matches) {
                throw new RegistrationException(RegistrationError.INVALID_REQUEST,
                        "client_secret in the body does not match the client's secret (RFC 7592 §2.2)");
            }
        }
    }
}
