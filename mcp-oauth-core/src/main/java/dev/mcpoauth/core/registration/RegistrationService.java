package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.MetadataNames;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientRegistered;
import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.EventPublisher;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.event.RegistrationRefused;
import dev.mcpoauth.core.event.StoreFailed;
import dev.mcpoauth.core.internal.CredentialHashes;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.DuplicateClientException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OAuth 2.0 Dynamic Client Registration
 * (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3">RFC 7591 §3</a>): authenticates the caller with an initial
 * access token when the policy has any, validates the metadata, issues the credentials and
 * stores the client. Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3">RFC 7591 §3, client registration endpoint</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2">RFC 7591 §3.2, responses</a>
 */
public final class RegistrationService {

    private static final System.Logger LOG = System.getLogger(RegistrationService.class.getName());
    private static final int MAX_ID_ATTEMPTS = 3;

    private final ClientRegistry registry;
    private final RegistrationPolicy policy;
    private final Clock clock;
    private final SecretGenerator secrets;
    private final ClientMetadataValidator validator;
    private final EventPublisher events;

    public RegistrationService(ClientRegistry registry, RegistrationPolicy policy) {
        this(registry, policy, Clock.systemUTC(), SecretGenerator.secureRandom());
    }

    public RegistrationService(ClientRegistry registry, RegistrationPolicy policy, Clock clock, SecretGenerator secrets) {
        this(registry, policy, clock, secrets, List.of());
    }

    /**
     * A service that publishes a {@link ClientRegistered}, {@link RegistrationRefused} or
     * {@link StoreFailed} event for every registration attempt to each of {@code listeners}.
     */
    public RegistrationService(ClientRegistry registry, RegistrationPolicy policy, Clock clock, SecretGenerator secrets,
            List<RegistrationEventListener> listeners) {
        this.events = new EventPublisher(listeners);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.validator = new ClientMetadataValidator(policy);
        if (policy.enabled() && policy.openRegistration()) {
            LOG.log(Level.WARNING, "Dynamic client registration is open: anyone who reaches the endpoint can"
                    + " register a client. Configure initial access tokens to gate it.");
        }
    }

    public RegistrationPolicy policy() {
        return policy;
    }

    /**
     * Registers a client (RFC 7591 §3.1).
     *
     * @param request the JSON object of the request, as {@link dev.mcpoauth.core.client.JsonValues} describes
     * @param bearerToken the initial access token presented, if any; ignored when the policy has none
     * @return the stored client with the one-time plain-text secret and registration access token
     * @throws RegistrationException {@code not_found} when registration is disabled,
     *     {@code invalid_token} before any validation when the initial access token is missing or
     *     wrong, {@code invalid_redirect_uri} or {@code invalid_client_metadata} for bad metadata
     * @throws dev.mcpoauth.core.registry.ClientRegistryException when the store fails
     */
    public ClientRegistration register(Map<String, ?> request, Optional<String> bearerToken) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(bearerToken, "bearerToken");
        try {
            ClientRegistration registration = registerOrThrow(request, bearerToken);
            RegisteredClient client = registration.client();
            events.publish(new ClientRegistered(clock.instant(), ClientSummary.of(client), client.isConfidential(),
                    Optional.empty()));
            return registration;
        } catch (RegistrationException e) {
            events.publish(new RegistrationRefused(clock.instant(), e.error().code(),
                    declared(request, MetadataNames.CLIENT_NAME), declared(request, MetadataNames.SOFTWARE_ID),
                    Optional.empty()));
            throw e;
        } catch (ClientRegistryException e) {
            events.publish(new StoreFailed(clock.instant(), "register", e instanceof ClientRegistryUnavailableException));
            throw e;
        }
    }

    private static Optional<String> declared(Map<String, ?> request, String member) {
        return request.get(member) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    private ClientRegistration registerOrThrow(Map<String, ?> request, Optional<String> bearerToken) {
        checkBeforeBodyOrThrow(bearerToken);
        authenticate(bearerToken);
        ClientMetadata metadata = validator.validate(request);

        Instant now = clock.instant();
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Optional<String> secret = requiresSecret(metadata) ? Optional.of(secrets.newSecret()) : Optional.empty();
        Optional<String> registrationToken = policy.managementEnabled()
                ? Optional.of(secrets.newSecret()) : Optional.empty();
        long secretExpiresAt = secret.isPresent() && !policy.clientSecretLifetime().isZero()
                ? issuedAt.plus(policy.clientSecretLifetime()).getEpochSecond() : 0;

        for (int attempt = 1; ; attempt++) {
            RegisteredClient client = RegisteredClient.builder()
                    .clientId(secrets.newClientId())
                    .clientIdIssuedAt(issuedAt)
                    .clientSecretHash(secret.map(CredentialHashes::hash))
                    .clientSecretExpiresAt(secretExpiresAt)
                    .registrationAccessTokenHash(registrationToken.map(CredentialHashes::hash))
                    .metadata(metadata)
                    .createdAt(now)
                    .updatedAt(now)
                    .version(1)
                    .build();
            try {
                registry.create(client);
                return new ClientRegistration(client, secret, registrationToken);
            } catch (DuplicateClientException e) {
                if (attempt >= MAX_ID_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Refuses every request while registration is switched off.
     *
     * @throws RegistrationException {@link RegistrationError#NOT_FOUND} when the policy is disabled
     */
    public void requireEnabled() {
        if (!policy.enabled()) {
            throw new RegistrationException(RegistrationError.NOT_FOUND, "client registration is not enabled");
        }
    }

    /**
     * The decisions {@link #register} takes before it looks at the request, for a binding to take
     * before it reads a body: registration is enabled, and an initial access token
     * (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3">RFC 7591 §3</a>) was presented
     * when the policy requires one. Whether the token is right is decided by {@link #register}.
     *
     * @param bearerToken the token presented, if any
     * @throws RegistrationException {@link RegistrationError#NOT_FOUND} when registration is disabled;
     *     {@link RegistrationError#INVALID_TOKEN} without {@linkplain RegistrationException#credentialsPresented()
     *     credentials presented} when a token is required and none was presented
     */
    public void checkBeforeBody(Optional<String> bearerToken) {
        Objects.requireNonNull(bearerToken, "bearerToken");
        try {
            checkBeforeBodyOrThrow(bearerToken);
        } catch (RegistrationException e) {
            events.publish(new RegistrationRefused(clock.instant(), e.error().code(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            throw e;
        }
    }

    private void checkBeforeBodyOrThrow(Optional<String> bearerToken) {
        requireEnabled();
        if (!policy.openRegistration() && bearerToken.isEmpty()) {
            throw RegistrationException.missingToken("an initial access token is required");
        }
    }

    static boolean requiresSecret(ClientMetadata metadata) {
        return !metadata.tokenEndpointAuthMethod().equals(MetadataNames.AUTH_METHOD_NONE);
    }

    private void authenticate(Optional<String> bearerToken) {
        if (policy.openRegistration()) {
            return;
        }
        boolean match = false;
        for (String configured : policy.initialAccessTokens()) {
            match |= CredentialHashes.equalSecrets(configured, bearerToken.get());
        }
        if (!match) {
            throw new RegistrationException(RegistrationError.INVALID_TOKEN, "the initial access token is not valid");
        }
    }

    ClientMetadataValidator validator() {
        return validator;
    }
}
