package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.CLOCK;
import static dev.mcpoauth.core.registration.Registrations.NOW;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientDeleted;
import dev.mcpoauth.core.event.ClientRead;
import dev.mcpoauth.core.event.ClientRegistered;
import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.ClientUpdated;
import dev.mcpoauth.core.event.ManagementOperation;
import dev.mcpoauth.core.event.ManagementRefused;
import dev.mcpoauth.core.event.RegistrationEvent;
import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.event.RegistrationRefused;
import dev.mcpoauth.core.event.RegistrationRateLimited;
import dev.mcpoauth.core.event.StoreFailed;
import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Registration events (DESIGN §11)")
class RegistrationEventsTest {

    private static final String INITIAL_TOKEN = "initial-access-token-0123456789";

    private final List<RegistrationEvent> events = new CopyOnWriteArrayList<>();
    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    /** Every credential and hash issued in the test, to look for in the events. */
    private final List<String> credentials = new ArrayList<>(List.of(INITIAL_TOKEN));

    private RegistrationService registration(RegistrationPolicy policy, ClientRegistry store,
            RegistrationEventListener... listeners) {
        return RegistrationService.builder(store, policy).clock(CLOCK).secrets(new SequentialSecrets("ev-"))
                .listeners(List.of(listeners)).build();
    }

    private ClientConfigurationService configuration(RegistrationPolicy policy, ClientRegistry store) {
        return new ClientConfigurationService(store, policy, CLOCK, new SequentialSecrets("cfg-"), List.of(events::add));
    }

    private ClientRegistration registered(Map<String, Object> body) {
        ClientRegistration registration = registration(openPolicy().build(), registry, events::add)
                .register(body, Optional.empty());
        remember(registration);
        events.clear();
        return registration;
    }

    private void remember(ClientRegistration registration) {
        registration.clientSecret().ifPresent(credentials::add);
        registration.registrationAccessToken().ifPresent(credentials::add);
        RegisteredClient client = registration.client();
        client.clientSecretHash().ifPresent(credentials::add);
        client.registrationAccessTokenHash().ifPresent(credentials::add);
    }

    private static Map<String, Object> namedBody() {
        return body("client_name", "Claude Code", "software_id", "claude-code", "software_version", "2.1.0",
                "token_endpoint_auth_method", "client_secret_basic");
    }

    /** The only event published, checked to carry no credential, hash or body. */
    private <T extends RegistrationEvent> T onlyEvent(Class<T> type) {
        assertThat(events).hasSize(1);
        RegistrationEvent event = events.get(0);
        assertThat(event).isInstanceOf(type);
        assertThat(event.at()).isEqualTo(NOW);
        String text = event.toString();
        assertThat(credentials).allSatisfy(credential -> assertThat(text).doesNotContain(credential));
        assertThat(text).doesNotContain("redirect_uris").doesNotContain(Registrations.WEB_REDIRECT);
        return type.cast(event);
    }

    @Nested
    @DisplayName("registration")
    class Registration {

        @Test
        @DisplayName("registered: the client's id, name and software, whether it is confidential; no secret or token")
        void registered() {
            ClientRegistration registration = registration(openPolicy().build(), registry, events::add)
                    .register(namedBody(), Optional.empty());
            remember(registration);

            ClientRegistered event = onlyEvent(ClientRegistered.class);
            assertThat(event.client()).isEqualTo(new ClientSummary(registration.client().clientId(),
                    Optional.of("Claude Code"), Optional.of("claude-code"), Optional.of("2.1.0")));
            assertThat(event.confidential()).isTrue();
            assertThat(registration.clientSecret()).isPresent();
        }

        @Test
        @DisplayName("refused for bad metadata: the error code and the declared name, not the body")
        void refusedForMetadata() {
            Map<String, Object> bad = body("client_name", "Evil\r\nINFO forged", "redirect_uris", List.of("javascript:alert(1)"));
            assertThatThrownBy(() -> registration(openPolicy().build(), registry, events::add).register(bad, Optional.empty()))
                    .isInstanceOf(RegistrationException.class);

            RegistrationRefused event = onlyEvent(RegistrationRefused.class);
            assertThat(event.error()).isEqualTo("invalid_redirect_uri");
            assertThat(event.clientName()).contains("Evil\r\nINFO forged");
            assertThat(event.toString()).doesNotContain("javascript:");
        }

        @Test
        @DisplayName("refused for a wrong initial access token: invalid_token, and neither token appears")
        void refusedForToken() {
            RegistrationPolicy gated = openPolicy().initialAccessTokens(List.of(INITIAL_TOKEN)).build();
            String presented = "wrong-token-presented-by-caller";
            credentials.add(presented);
            assertThatThrownBy(() -> registration(gated, registry, events::add).register(namedBody(), Optional.of(presented)))
                    .isInstanceOf(RegistrationException.class);

            assertThat(onlyEvent(RegistrationRefused.class).error()).isEqualTo("invalid_token");
        }

        @Test
        @DisplayName("refused when registration is disabled: not_found")
        void refusedWhenDisabled() {
            assertThatThrownBy(() -> registration(RegistrationPolicy.builder().enabled(false).build(), registry, events::add)
                    .register(namedBody(), Optional.empty())).isInstanceOf(RegistrationException.class);

            assertThat(onlyEvent(RegistrationRefused.class).error()).isEqualTo("not_found");
        }

        @Test
        @DisplayName("store unavailable: a store failure, not a refusal")
        void storeUnavailable() {
            ClientRegistry down = new FailingRegistry(() -> new ClientRegistryUnavailableException("down"));
            assertThatThrownBy(() -> registration(openPolicy().build(), down, events::add).register(namedBody(), Optional.empty()))
                    .isInstanceOf(ClientRegistryUnavailableException.class);

            StoreFailed event = onlyEvent(StoreFailed.class);
            assertThat(event.operation()).isEqualTo("register");
            assertThat(event.unavailable()).isTrue();
        }

        @Test
        @DisplayName("rate limited: the caller key and the wait, before the body is looked at; a registration carries its caller key")
        void rateLimited() {
            RegistrationService service = RegistrationService.builder(registry, openPolicy().build()).clock(CLOCK)
                    .secrets(new SequentialSecrets("ev-")).listeners(List.of(events::add))
                    .rateLimiter(new InMemoryRegistrationRateLimiter(RateLimit.parse("1/1h"), CLOCK)).build();
            remember(service.register(namedBody(), Optional.empty(), "198.51.100.7"));
            assertThat(onlyEvent(ClientRegistered.class).callerKey()).contains("address:198.51.100.7");
            events.clear();

            assertThatThrownBy(() -> service.register(namedBody(), Optional.empty(), "198.51.100.7"))
                    .isInstanceOf(RegistrationException.class);

            RegistrationRateLimited event = onlyEvent(RegistrationRateLimited.class);
            assertThat(event.callerKey()).isEqualTo("address:198.51.100.7");
            assertThat(event.retryAfter()).isPositive();
        }

        @Test
        @DisplayName("rate limiter's store down (fail-closed): a store failure of the registration")
        void rateLimiterUnavailable() {
            RegistrationRateLimiter down = new RegistrationRateLimiter() {
                @Override
                public RateLimit limit() {
                    return RateLimit.parse("20/1h");
                }

                @Override
                public RateLimitDecision tryAcquire(String key) {
                    throw new RateLimiterUnavailableException("limiter store down", new java.io.IOException("refused"));
                }
            };
            RegistrationService service = RegistrationService.builder(registry, openPolicy().build()).clock(CLOCK)
                    .listeners(List.of(events::add)).rateLimiter(down).build();
            assertThatThrownBy(() -> service.register(namedBody(), Optional.empty(), "198.51.100.7"))
                    .isInstanceOf(RateLimiterUnavailableException.class);

            StoreFailed event = onlyEvent(StoreFailed.class);
            assertThat(event.operation()).isEqualTo("register");
            assertThat(event.unavailable()).isTrue();
        }

        @Test
        @DisplayName("a throwing listener changes nothing: the client is registered and the next listener still hears of it")
        void throwingListener() {
            RegistrationEventListener throwing = event -> {
                throw new IllegalStateException("listener bug");
            };
            ClientRegistration registration = registration(openPolicy().build(), registry, throwing, events::add)
                    .register(namedBody(), Optional.empty());
            remember(registration);

            assertThat(registry.findById(registration.client().clientId())).isPresent();
            assertThat(onlyEvent(ClientRegistered.class).client().clientId()).isEqualTo(registration.client().clientId());
        }

        @Test
        @DisplayName("a throwing listener does not turn a refusal into another error")
        void throwingListenerOnRefusal() {
            RegistrationEventListener throwing = event -> {
                throw new IllegalStateException("listener bug");
            };
            assertThatThrownBy(() -> registration(openPolicy().build(), registry, throwing)
                    .register(body("redirect_uris", List.of()), Optional.empty()))
                    .isInstanceOfSatisfying(RegistrationException.class,
                            e -> assertThat(e.error()).isEqualTo(RegistrationError.INVALID_REDIRECT_URI));
        }
    }

    @Nested
    @DisplayName("client configuration (RFC 7592)")
    class Management {

        @Test
        @DisplayName("read: the client, no token")
        void read() {
            ClientRegistration registration = registered(namedBody());
            configuration(openPolicy().build(), registry)
                    .read(registration.client().clientId(), registration.registrationAccessToken());

            assertThat(onlyEvent(ClientRead.class).client().clientId()).isEqualTo(registration.client().clientId());
        }

        @Test
        @DisplayName("updated: the new name; neither the old nor the rotated token")
        void updated() {
            ClientRegistration registration = registered(namedBody());
            Map<String, Object> update = namedBody();
            update.put("client_name", "Claude Code 2");
            update.put("client_id", registration.client().clientId());
            update.put("client_secret", registration.clientSecret().orElseThrow());
            ClientRegistration replaced = configuration(openPolicy().build(), registry)
                    .replace(registration.client().clientId(), registration.registrationAccessToken(), update);
            remember(replaced);

            ClientUpdated event = onlyEvent(ClientUpdated.class);
            assertThat(event.client().clientName()).contains("Claude Code 2");
        }

        @Test
        @DisplayName("deleted: the client that was deleted")
        void deleted() {
            ClientRegistration registration = registered(namedBody());
            configuration(openPolicy().build(), registry)
                    .delete(registration.client().clientId(), registration.registrationAccessToken());

            ClientDeleted event = onlyEvent(ClientDeleted.class);
            assertThat(event.client().clientName()).contains("Claude Code");
        }

        @Test
        @DisplayName("refused with a wrong token: the operation and invalid_token, not the client asked for")
        void refused() {
            ClientRegistration registration = registered(namedBody());
            String wrong = "not-the-registration-access-token";
            credentials.add(wrong);
            assertThatThrownBy(() -> configuration(openPolicy().build(), registry)
                    .delete(registration.client().clientId(), Optional.of(wrong)))
                    .isInstanceOf(RegistrationException.class);

            ManagementRefused event = onlyEvent(ManagementRefused.class);
            assertThat(event.operation()).isEqualTo(ManagementOperation.DELETE);
            assertThat(event.error()).isEqualTo("invalid_token");
            assertThat(event.toString()).doesNotContain(registration.client().clientId());
        }

        @Test
        @DisplayName("store failure on read: a store failure, not a refusal")
        void storeFailure() {
            ClientRegistry broken = new FailingRegistry(() -> new ClientRegistryException("broken"));
            assertThatThrownBy(() -> configuration(openPolicy().build(), broken).read("some-client", Optional.of("token")))
                    .isInstanceOf(ClientRegistryException.class);

            StoreFailed event = onlyEvent(StoreFailed.class);
            assertThat(event.operation()).isEqualTo("read");
            assertThat(event.unavailable()).isFalse();
        }

        @Test
        @DisplayName("a throwing listener does not change the outcome of a delete")
        void throwingListener() {
            ClientRegistration registration = registered(namedBody());
            ClientConfigurationService service = new ClientConfigurationService(registry, openPolicy().build(), CLOCK,
                    new SequentialSecrets("cfg-"), List.of(event -> {
                        throw new IllegalStateException("listener bug");
                    }));
            service.delete(registration.client().clientId(), registration.registrationAccessToken());
            assertThat(registry.findById(registration.client().clientId())).isEmpty();
        }
    }

    /** A store whose every call fails as given: the only way to make a store fail on cue in core. */
    private static final class FailingRegistry implements ClientRegistry {
        private final java.util.function.Supplier<RuntimeException> failure;

        FailingRegistry(java.util.function.Supplier<RuntimeException> failure) {
            this.failure = failure;
        }

        @Override
        public void create(RegisteredClient client) {
            throw failure.get();
        }

        @Override
        public Optional<RegisteredClient> findById(String clientId) {
            throw failure.get();
        }

        @Override
        public boolean replace(RegisteredClient client, long expectedVersion) {
            throw failure.get();
        }

        @Override
        public boolean delete(String clientId) {
            throw failure.get();
        }

        @Override
        public void touch(String clientId, Instant when) {
            throw failure.get();
        }

        @Override
        public int deleteUnusedSince(Instant cutoff, int limit) {
            throw failure.get();
        }

        @Override
        public long count() {
            throw failure.get();
        }

        @Override
        public ClientPage list(ClientQuery query) {
            throw failure.get();
        }
    }
}
