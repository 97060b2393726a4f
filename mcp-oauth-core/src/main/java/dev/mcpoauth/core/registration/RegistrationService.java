package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.MetadataNames;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientRegistered;
import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.EventPublisher;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.event.RegistrationRateLimited;
import dev.mcpoauth.core.event.RegistrationRefused;
import dev.mcpoauth.core.event.StoreFailed;
import dev.mcpoauth.core.internal.CredentialHashes;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
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
 * (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3">RFC 7591 §3</a>): authenticates the
 * caller with an initial access token when the policy has any, takes a permit from the rate
 * limiter if one is configured (DESIGN §10), validates the metadata, enforces the client cap,
 * issues the credentials and stores the client. Thread-safe.
 *
 * <p>Build it with a constructor (no rate limit) or with {@link #builder} (rate limiter, caller
 * key, fail-open). When the registry can take the limiter's permit in the write that stores the
 * client ({@link ClientRegistry#takesPermitsOf}, the Redis store), it does, and each
 * registration makes one store round trip: see {@link #permitsInWrite()}.
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
    private final Optional<RegistrationRateLimiter> rateLimiter;
    private final RateLimitKey rateLimitKey;
    private final boolean failOpen;
    /** Whether the registry takes the limiter's permit in the write that stores the client. */
    private final boolean permitsInWrite;

    public RegistrationService(ClientRegistry registry, RegistrationPolicy policy) {
        this(registry, policy, Clock.systemUTC(), SecretGenerator.secureRandom());
    }

    public RegistrationService(ClientRegistry registry, RegistrationPolicy policy, Clock clock, SecretGenerator secrets) {
        this(builder(registry, policy).clock(clock).secrets(secrets));
    }

    private RegistrationService(Builder b) {
        this.registry = b.registry;
        this.policy = b.policy;
        this.clock = b.clock;
        this.secrets = b.secrets;
        this.rateLimiter = b.rateLimiter;
        this.rateLimitKey = b.rateLimitKey;
        this.failOpen = b.failOpen;
        this.permitsInWrite = b.permitsInWrite && b.rateLimiter.isPresent()
                && b.registry.takesPermitsOf(b.rateLimiter.get());
        this.events = new EventPublisher(b.listeners);
        this.validator = new ClientMetadataValidator(policy);
        if (policy.enabled() && policy.openRegistration()) {
            LOG.log(Level.WARNING, "Dynamic client registration is open: anyone who reaches the endpoint can"
                    + " register a client. Configure initial access tokens to gate it.");
        }
    }

    /**
     * A builder for a service on {@code registry} with {@code policy}; defaults: system clock,
     * secure random secrets, no rate limit.
     */
    public static Builder builder(ClientRegistry registry, RegistrationPolicy policy) {
        return new Builder(registry, policy);
    }

    public RegistrationPolicy policy() {
        return policy;
    }

    /** The rate limiter consulted before validation; empty when registration is not rate limited. */
    public Optional<RegistrationRateLimiter> rateLimiter() {
        return rateLimiter;
    }

    /**
     * Whether the rate limit's permit is taken in the same atomic write that stores the client
     * (one store round trip per registration instead of two), because the registry can
     * ({@link ClientRegistry#takesPermitsOf}) and the builder did not turn it off. Then
     * {@link #admit} refuses before the body only callers the limiter already knows to be out of
     * permits, and every other attempt takes its permit later: in the write, or on its own when
     * the attempt ends before it (bad metadata, the client cap, a body the host cannot read,
     * {@link #refusedBeforeRegister}), so each attempt still counts once.
     */
    public boolean permitsInWrite() {
        return permitsInWrite;
    }

    /**
     * Checks a registration attempt before its body is read: registration enabled, initial access
     * token (when the policy has any), then one permit of the rate limit for the caller (or, when
     * {@link #permitsInWrite()}, the limiter's known refusals only).
     *
     * @param callerAddress the client address as the host resolved it (for HTTP, the binding's
     *     resolver: proxies skipped, IPv6 grouped by /64); empty when unknown, which counts every
     *     such caller against one shared key
     * @param bearerToken the initial access token presented, if any; ignored when the policy has none
     * @return the admission to pass to {@link #register(RegistrationAdmission, Map)}
     * @throws RegistrationException {@code not_found} when registration is disabled,
     *     {@code invalid_token} when the initial access token is missing or wrong,
     *     {@code too_many_requests} (with {@link RegistrationException#rateLimit()}) when the
     *     caller has no permit left
     * @throws RateLimiterUnavailableException when the limiter cannot decide and the service does
     *     not fail open
     */
    public RegistrationAdmission admit(Optional<String> callerAddress, Optional<String> bearerToken) {
        Objects.requireNonNull(callerAddress, "callerAddress");
        Objects.requireNonNull(bearerToken, "bearerToken");
        try {
            checkBeforeBodyOrThrow(bearerToken);
            authenticate(bearerToken);
        } catch (RegistrationException e) {
            events.publish(new RegistrationRefused(clock.instant(), e.error().code(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            throw e;
        }
        String key = callerKey(callerAddress, bearerToken);
        if (rateLimiter.isEmpty()) {
            return new RegistrationAdmission(this, key, Optional.empty());
        }
        if (permitsInWrite) {
            Optional<RateLimitDecision> refusal = rateLimiter.get().knownRefusal(key);
            if (refusal.isPresent()) {
                throw rateLimited(key, refusal.get());
            }
            return RegistrationAdmission.permitPending(this, key);
        }
        return new RegistrationAdmission(this, key, takePermit(key));
    }

    /**
     * Takes the permit that {@link #admit} left to the write, for an attempt the host refuses
     * before {@link #register(RegistrationAdmission, Map)} (a body it cannot read or parse), so
     * that the attempt counts against the limit as every other does. Does nothing for an
     * admission that holds its permit already. The admission cannot be used afterwards.
     *
     * @throws RegistrationException {@code too_many_requests} when the caller has no permit
     *     left: the host answers that instead of its own refusal, as it would have before the body
     * @throws RateLimiterUnavailableException when the limiter cannot decide and the service does
     *     not fail open
     */
    public void refusedBeforeRegister(RegistrationAdmission admission) {
        Objects.requireNonNull(admission, "admission");
        admission.use(this);
        if (admission.isPermitPending()) {
            takePermit(admission.callerKey()).ifPresent(admission::settle);
        }
    }

    /**
     * One permit for {@code key}: the decision when allowed, empty when the limiter is down and
     * the service fails open.
     *
     * @throws RegistrationException {@code too_many_requests} when refused
     * @throws RateLimiterUnavailableException when the limiter is down and the service does not fail open
     */
    private Optional<RateLimitDecision> takePermit(String key) {
        RateLimitDecision decision;
        try {
            decision = rateLimiter.orElseThrow().tryAcquire(key);
        } catch (RateLimiterUnavailableException e) {
            if (!failOpen) {
                // the limiter's store is down: the registration fails as a store outage would
                events.publish(new StoreFailed(clock.instant(), "register", true));
                throw e;
            }
            LOG.log(Level.WARNING, "registration rate limiter unavailable, letting the attempt through"
                    + " (fail-open): {0}", e.getMessage());
            return Optional.empty();
        }
        if (!decision.allowed()) {
            throw rateLimited(key, decision);
        }
        return Optional.of(decision);
    }

    private RegistrationException rateLimited(String key, RateLimitDecision refusal) {
        events.publish(new RegistrationRateLimited(clock.instant(), key, refusal.retryAfter()));
        return RegistrationException.rateLimited(refusal);
    }

    /**
     * Registers a client (RFC 7591 §3.1) without a known caller address: {@link #admit} with an
     * empty address, then {@link #register(RegistrationAdmission, Map)}.
     *
     * @param request the JSON object of the request, as {@link dev.mcpoauth.core.client.JsonValues} describes
     * @param bearerToken the initial access token presented, if any; ignored when the policy has none
     * @return the stored client with the one-time plain-text secret and registration access token
     * @throws RegistrationException as {@link #admit} and {@link #register(RegistrationAdmission, Map)} describe
     * @throws dev.mcpoauth.core.registry.ClientRegistryException when the store fails
     */
    public ClientRegistration register(Map<String, ?> request, Optional<String> bearerToken) {
        Objects.requireNonNull(request, "request");
        return register(admit(Optional.empty(), bearerToken), request);
    }

    /**
     * Registers a client (RFC 7591 §3.1) for a caller at {@code callerAddress}: {@link #admit},
     * then {@link #register(RegistrationAdmission, Map)}.
     *
     * @throws RegistrationException as those two describe
     */
    public ClientRegistration register(Map<String, ?> request, Optional<String> bearerToken, String callerAddress) {
        Objects.requireNonNull(request, "request");
        return register(admit(Optional.of(callerAddress), bearerToken), request);
    }

    /**
     * Registers a client (RFC 7591 §3.1) for an admitted attempt: validates the metadata, checks
     * the client cap, issues the credentials, stores the client.
     *
     * @param admission from {@link #admit} on this service, not used before
     * @param request the JSON object of the request, as {@link dev.mcpoauth.core.client.JsonValues} describes
     * @return the stored client with the one-time plain-text secret and registration access token
     * @throws RegistrationException {@code invalid_redirect_uri} or {@code invalid_client_metadata}
     *     for bad metadata, {@code access_denied} when the registry holds
     *     {@link RegistrationPolicy#maxClients()} clients
     * @throws dev.mcpoauth.core.registry.ClientRegistryException when the store fails
     * @throws IllegalArgumentException when another service issued the admission
     * @throws IllegalStateException when the admission was used already
     */
    public ClientRegistration register(RegistrationAdmission admission, Map<String, ?> request) {
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(request, "request");
        admission.use(this);
        Optional<String> callerKey = Optional.of(admission.callerKey());
        try {
            ClientRegistration registration = registerAdmitted(admission, request);
            RegisteredClient client = registration.client();
            events.publish(new ClientRegistered(clock.instant(), ClientSummary.of(client), client.isConfidential(),
                    callerKey));
            return registration;
        } catch (RegistrationException e) {
            if (e.error() != RegistrationError.TOO_MANY_REQUESTS) {
                // a rate-limited attempt has had its RegistrationRateLimited event
                events.publish(new RegistrationRefused(clock.instant(), e.error().code(),
                        declared(request, MetadataNames.CLIENT_NAME), declared(request, MetadataNames.SOFTWARE_ID),
                        callerKey));
            }
            throw e;
        } catch (ClientRegistryException e) {
            events.publish(new StoreFailed(clock.instant(), "register", e instanceof ClientRegistryUnavailableException));
            throw e;
        }
    }

    private static Optional<String> declared(Map<String, ?> request, String member) {
        return request.get(member) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    private ClientRegistration registerAdmitted(RegistrationAdmission admission, Map<String, ?> request) {
        ClientMetadata metadata;
        try {
            metadata = validator.validate(request);
            requireRoomForOneMore();
        } catch (RegistrationException e) {
            if (admission.isPermitPending()) {
                // the attempt ends before the write: it takes its permit on its own, and a caller
                // out of permits hears 429, as it would have before the body
                takePermit(admission.callerKey()).ifPresent(admission::settle);
            }
            throw e;
        }

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
                if (admission.isPermitPending()) {
                    RateLimitDecision decision = registry.createWithPermit(client, rateLimiter.orElseThrow(),
                            admission.callerKey());
                    if (!decision.allowed()) {
                        throw rateLimited(admission.callerKey(), decision);
                    }
                    admission.settle(decision);
                } else {
                    registry.create(client);
                }
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
     * when the policy requires one. Whether the token is right is decided by {@link #admit}.
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

    private void requireRoomForOneMore() {
        long max = policy.maxClients();
        if (max == 0) {
            return;
        }
        long stored = registry.count();
        if (stored >= max) {
            LOG.log(Level.WARNING, "client registration refused: the registry holds {0} clients and the cap"
                    + " (registration.max-clients) is {1}; delete or reap clients, or raise the cap",
                    Long.toString(stored), Long.toString(max));
            throw new RegistrationException(RegistrationError.ACCESS_DENIED, "client limit reached");
        }
    }

    private String callerKey(Optional<String> callerAddress, Optional<String> bearerToken) {
        if (rateLimitKey == RateLimitKey.TOKEN && !policy.openRegistration() && bearerToken.isPresent()) {
            return "token:" + CredentialHashes.hash(bearerToken.get());
        }
        String address = callerAddress.filter(RegistrationService::isKeyText).orElse("unknown");
        return "address:" + address;
    }

    /** Fits in a limiter key: 1 to 120 printable ASCII characters without spaces. */
    private static boolean isKeyText(String text) {
        if (text.isEmpty() || text.length() > 120) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
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

    /** Configures a {@link RegistrationService}; every setter checks its argument. */
    public static final class Builder {
        private final ClientRegistry registry;
        private final RegistrationPolicy policy;
        private Clock clock = Clock.systemUTC();
        private SecretGenerator secrets = SecretGenerator.secureRandom();
        private Optional<RegistrationRateLimiter> rateLimiter = Optional.empty();
        private RateLimitKey rateLimitKey = RateLimitKey.ADDRESS;
        private boolean failOpen;
        private boolean permitsInWrite = true;
        private List<RegistrationEventListener> listeners = List.of();

        private Builder(ClientRegistry registry, RegistrationPolicy policy) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder secrets(SecretGenerator secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /** Rate-limits registration attempts per caller (DESIGN §10); none by default. */
        public Builder rateLimiter(RegistrationRateLimiter rateLimiter) {
            this.rateLimiter = Optional.of(Objects.requireNonNull(rateLimiter, "rateLimiter"));
            return this;
        }

        /** What an attempt is counted against; default {@link RateLimitKey#ADDRESS}. */
        public Builder rateLimitKey(RateLimitKey key) {
            this.rateLimitKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Whether an attempt goes through, with a warning, when the limiter cannot decide (its
         * backend is down). Default false: the attempt fails with
         * {@link RateLimiterUnavailableException}, which the HTTP binding answers with {@code 503},
         * so an outage of the limiter's store never switches the limit off.
         */
        public Builder rateLimiterFailOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /**
         * Whether the permit is taken in the registry's write when the registry can
         * ({@link ClientRegistry#takesPermitsOf}); default true. False takes every permit before
         * the body, with its own store round trip. See {@link RegistrationService#permitsInWrite()}.
         */
        public Builder permitsInWrite(boolean permitsInWrite) {
            this.permitsInWrite = permitsInWrite;
            return this;
        }

        /**
         * The listeners told of every registration attempt: a {@link ClientRegistered},
         * {@link RegistrationRefused}, {@link RegistrationRateLimited} or {@link StoreFailed} event
         * (DESIGN §11); none by default.
         */
        public Builder listeners(List<RegistrationEventListener> listeners) {
            this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
            return this;
        }

        public RegistrationService build() {
            return new RegistrationService(this);
        }
    }
}
