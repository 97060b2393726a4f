package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.NOW;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ClientConfigurationService (RFC 7592)")
class ClientConfigurationServiceTest {

    static final int THREADS = 8;

    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    final SteppingClock clock = new SteppingClock(NOW);
    ExecutorService executor;

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    ClientConfigurationService configuration(RegistrationPolicy policy) {
        return new ClientConfigurationService(registry, policy, clock, SecretGenerator.secureRandom());
    }

    ClientRegistration register(RegistrationPolicy policy, Map<String, ?> body) {
        return new RegistrationService(registry, policy, clock, SecretGenerator.secureRandom())
                .register(body, Optional.empty());
    }

    static RegistrationException refusal(ThrowingCallable call) {
        RegistrationException e = catchThrowableOfType(RegistrationException.class, call);
        assertThat(e).as("a refusal").isNotNull();
        Registrations.assertSafeDescription(e);
        return e;
    }

    static Optional<String> tokenOf(ClientRegistration registration) {
        return registration.registrationAccessToken();
    }

    @Nested
    @DisplayName("read")
    class Read {

        final RegistrationPolicy policy = openPolicy().build();
        final ClientConfigurationService service = configuration(policy);

        @Test
        void withTheTokenReturnsTheStoredClientWithoutPlainCredentials() {
            ClientRegistration registered = register(policy, body("token_endpoint_auth_method", "client_secret_basic"));

            ClientRegistration read = service.read(registered.client().clientId(), tokenOf(registered));

            assertThat(read.client()).isEqualTo(registered.client());
            assertThat(read.clientSecret()).isEmpty();
            assertThat(read.registrationAccessToken()).isEmpty();
            assertThat(read.toResponseMap()).doesNotContainKeys("client_secret", "registration_access_token")
                    .containsEntry("client_secret_expires_at", 0L)
                    .containsEntry("client_id", registered.client().clientId());
        }

        @Test
        void anUnknownClientAndAWrongTokenGetTheSameInvalidToken() {
            ClientRegistration registered = register(policy, body());

            RegistrationException wrongToken = refusal(() -> service.read(registered.client().clientId(),
                    Optional.of(UUID.randomUUID().toString())));
            RegistrationException unknownClient = refusal(() -> service.read(UUID.randomUUID().toString(),
                    tokenOf(registered)));

            assertThat(wrongToken.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(unknownClient.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(unknownClient.description()).isEqualTo(wrongToken.description());
            assertThat(unknownClient.credentialsPresented()).isEqualTo(wrongToken.credentialsPresented()).isTrue();
        }

        @Test
        void anotherClientsTokenIsInvalidToken() {
            ClientRegistration mine = register(policy, body());
            ClientRegistration theirs = register(policy, body());

            assertThat(refusal(() -> service.read(mine.client().clientId(), tokenOf(theirs))).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
        }

        @Test
        void aMissingTokenIsInvalidTokenWithoutCredentialsPresented() {
            ClientRegistration registered = register(policy, body());

            RegistrationException e = refusal(() -> service.read(registered.client().clientId(), Optional.empty()));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(e.credentialsPresented()).isFalse();
        }

        @Test
        void theCheckBeforeTheBodyRefusesOnlyAMissingToken() {
            RegistrationException e = refusal(() -> service.checkBeforeBody(Optional.empty()));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(e.credentialsPresented()).isFalse();
            assertThatCode(() -> service.checkBeforeBody(Optional.of("not-anyones-token"))).doesNotThrowAnyException();
        }
    }

    @Nested
    @DisplayName("replace")
    class Replace {

        final RegistrationPolicy policy = openPolicy().build();
        final ClientConfigurationService service = configuration(policy);

        @Test
        void storesTheNewMetadataAndIncrementsTheVersion() {
            ClientRegistration registered = register(policy, body("client_name", "Before"));
            clock.advance(Duration.ofMinutes(5));

            ClientRegistration replaced = service.replace(registered.client().clientId(), tokenOf(registered),
                    body("client_name", "After", "redirect_uris", List.of("http://127.0.0.1/new")));
            RegisteredClient stored = registry.findById(registered.client().clientId()).orElseThrow();

            assertThat(stored).isEqualTo(replaced.client());
            assertThat(stored.metadata().clientName()).contains("After");
            assertThat(stored.metadata().redirectUris()).containsExactly("http://127.0.0.1/new");
            assertThat(stored.metadata().applicationType()).isEqualTo("native");
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(stored.createdAt()).isEqualTo(registered.client().createdAt());
            assertThat(stored.clientIdIssuedAt()).isEqualTo(registered.client().clientIdIssuedAt());
        }

        @Test
        void rotatesTheRegistrationAccessToken() {
            ClientRegistration registered = register(policy, body());
            String clientId = registered.client().clientId();

            ClientRegistration replaced = service.replace(clientId, tokenOf(registered), body("client_name", "x"));

            assertThat(replaced.registrationAccessToken()).isPresent().isNotEqualTo(tokenOf(registered));
            assertThat(replaced.toResponseMap()).containsEntry("registration_access_token",
                    replaced.registrationAccessToken().orElseThrow());
            assertThat(refusal(() -> service.read(clientId, tokenOf(registered))).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(service.read(clientId, tokenOf(replaced)).client().version()).isEqualTo(2);
        }

        @Test
        void keepsTheTokenWhenRotationIsOff() {
            RegistrationPolicy noRotation = openPolicy().rotateRegistrationAccessToken(false).build();
            ClientConfigurationService service = configuration(noRotation);
            ClientRegistration registered = register(noRotation, body());

            ClientRegistration replaced = service.replace(registered.client().clientId(), tokenOf(registered),
                    body("client_name", "x"));

            assertThat(replaced.registrationAccessToken()).isEmpty();
            assertThat(service.read(registered.client().clientId(), tokenOf(registered)).client().version())
                    .isEqualTo(2);
        }

        @Test
        void refusesABodyThatFailsValidationAndChangesNothing() {
            ClientRegistration registered = register(policy, body());

            RegistrationException e = refusal(() -> service.replace(registered.client().clientId(),
                    tokenOf(registered), body("redirect_uris", List.of("http://evil.example.com/cb"))));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_REDIRECT_URI);
            assertThat(registry.findById(registered.client().clientId())).contains(registered.client());
        }

        @Test
        void acceptsTheClientsOwnIdInTheBody() {
            ClientRegistration registered = register(policy, body());
            String clientId = registered.client().clientId();

            assertThat(service.replace(clientId, tokenOf(registered), body("client_id", clientId)).client().version())
                    .isEqualTo(2);
        }

        @Test
        void refusesAnotherClientIdInTheBody() {
            ClientRegistration registered = register(policy, body());

            RegistrationException e = refusal(() -> service.replace(registered.client().clientId(),
                    tokenOf(registered), body("client_id", "someone-else")));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_REQUEST);
            assertThat(e.description()).contains("client_id");
            assertThat(registry.findById(registered.client().clientId())).contains(registered.client());
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"registration_access_token", "registration_client_uri", "client_id_issued_at",
                "client_secret_expires_at"})
        void refusesServerOwnedMembersInTheBody(String member) {
            ClientRegistration registered = register(policy, body());

            RegistrationException e = refusal(() -> service.replace(registered.client().clientId(),
                    tokenOf(registered), body(member, "x")));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_REQUEST);
            assertThat(e.description()).contains(member);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"registration_access_token", "registration_client_uri", "client_id_issued_at",
                "client_secret_expires_at", "client_id", "client_secret"})
        void treatsNullServerOwnedMembersAsAbsent(String member) {
            ClientRegistration registered = register(policy, body());

            ClientRegistration replaced = service.replace(registered.client().clientId(), tokenOf(registered),
                    body(member, null, "client_name", "after"));

            assertThat(replaced.client().metadata().clientName()).contains("after");
        }

        @Test
        void refusesAWrongClientSecretAndAcceptsTheRightOne() {
            ClientRegistration registered = register(policy, body("token_endpoint_auth_method", "client_secret_post"));
            String clientId = registered.client().clientId();
            String secret = registered.clientSecret().orElseThrow();

            RegistrationException e = refusal(() -> service.replace(clientId, tokenOf(registered),
                    body("token_endpoint_auth_method", "client_secret_post", "client_secret", secret + "x")));
            ClientRegistration replaced = service.replace(clientId, tokenOf(registered),
                    body("token_endpoint_auth_method", "client_secret_post", "client_secret", secret));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_REQUEST);
            assertThat(e.description()).doesNotContain(secret);
            assertThat(replaced.clientSecret()).isEmpty();
            assertThat(replaced.client().clientSecretHash()).isEqualTo(registered.client().clientSecretHash());
            assertThat(replaced.client().verifySecret(secret, NOW)).isTrue();
        }

        @Test
        void refusesAClientSecretSentForAPublicClient() {
            ClientRegistration registered = register(policy, body());

            assertThat(refusal(() -> service.replace(registered.client().clientId(), tokenOf(registered),
                    body("client_secret", "guess"))).error()).isEqualTo(RegistrationError.INVALID_REQUEST);
        }

        @Test
        void switchingFromNoneToASecretMethodIssuesASecret() {
            ClientRegistration registered = register(policy, body());

            ClientRegistration replaced = service.replace(registered.client().clientId(), tokenOf(registered),
                    body("token_endpoint_auth_method", "client_secret_post"));
            String secret = replaced.clientSecret().orElseThrow();

            assertThat(replaced.client().verifySecret(secret, NOW)).isTrue();
            assertThat(replaced.client().clientSecretHash()).isPresent().get().isNotEqualTo(secret);
            assertThat(replaced.toResponseMap()).containsEntry("client_secret", secret)
                    .containsEntry("client_secret_expires_at", 0L);
        }

        @Test
        void switchingToNoneDropsTheSecret() {
            ClientRegistration registered = register(policy, body("token_endpoint_auth_method", "client_secret_basic"));

            ClientRegistration replaced = service.replace(registered.client().clientId(), tokenOf(registered),
                    body("token_endpoint_auth_method", "none"));

            assertThat(replaced.client().clientSecretHash()).isEmpty();
            assertThat(replaced.client().clientSecretExpiresAt()).isZero();
            assertThat(replaced.client().verifySecret(registered.clientSecret().orElseThrow(), NOW)).isFalse();
            assertThat(replaced.toResponseMap()).doesNotContainKeys("client_secret", "client_secret_expires_at");
        }

        @Test
        void aWrongTokenIsInvalidTokenAndChangesNothing() {
            ClientRegistration registered = register(policy, body());

            assertThat(refusal(() -> service.replace(registered.client().clientId(),
                    Optional.of(UUID.randomUUID().toString()), body("client_name", "x"))).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(registry.findById(registered.client().clientId())).contains(registered.client());
        }
    }

    @Nested
    @DisplayName("concurrent replace")
    class ConcurrentReplace {

        List<Future<ClientRegistration>> race(ClientConfigurationService service, ClientRegistration registered)
                throws InterruptedException {
            executor = Executors.newFixedThreadPool(THREADS);
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClientRegistration>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String name = "writer-" + i;
                Callable<ClientRegistration> write = () -> {
                    ready.countDown();
                    go.await();
                    return service.replace(registered.client().clientId(), tokenOf(registered),
                            body("client_name", name));
                };
                results.add(executor.submit(write));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            return results;
        }

        @RepeatedTest(10)
        void withRotationExactlyOneWinsAndTheOthersGetInvalidToken() throws Exception {
            RegistrationPolicy policy = openPolicy().build();
            ClientRegistration registered = register(policy, body());

            List<ClientRegistration> winners = new ArrayList<>();
            int invalidToken = 0;
            for (Future<ClientRegistration> result : race(configuration(policy), registered)) {
                try {
                    winners.add(result.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(RegistrationException.class);
                    assertThat(((RegistrationException) e.getCause()).error()).isEqualTo(RegistrationError.INVALID_TOKEN);
                    invalidToken++;
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(invalidToken).isEqualTo(THREADS - 1);
            assertThat(registry.findById(registered.client().clientId())).contains(winners.get(0).client());
            assertThat(winners.get(0).client().version()).isEqualTo(2);
        }

        @RepeatedTest(10)
        void withoutRotationAllSucceedAndTheLastWriterWins() throws Exception {
            RegistrationPolicy policy = openPolicy().rotateRegistrationAccessToken(false).build();
            ClientRegistration registered = register(policy, body());

            List<RegisteredClient> written = new ArrayList<>();
            for (Future<ClientRegistration> result : race(configuration(policy), registered)) {
                written.add(result.get(30, TimeUnit.SECONDS).client());
            }
            RegisteredClient stored = registry.findById(registered.client().clientId()).orElseThrow();

            assertThat(written).extracting(RegisteredClient::version).containsExactlyInAnyOrder(
                    2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(stored.version()).isEqualTo(1 + THREADS);
            RegisteredClient last = written.stream().filter(c -> c.version() == 1 + THREADS).findFirst().orElseThrow();
            assertThat(stored).isEqualTo(last);
        }
    }

    @Nested
    @DisplayName("replace losing races to other writers")
    class LosingRaces {

        @Test
        void withoutRotationKeepsRetryingWhileOtherWritersMakeProgress() {
            InterferingRegistry interfering = new InterferingRegistry(registry, 12);
            RegistrationPolicy policy = openPolicy().rotateRegistrationAccessToken(false).build();
            ClientRegistration registered = register(policy, body());
            ClientConfigurationService service = new ClientConfigurationService(interfering, policy, clock,
                    SecretGenerator.secureRandom());

            ClientRegistration replaced = service.replace(registered.client().clientId(), tokenOf(registered),
                    body("client_name", "persistent"));

            assertThat(replaced.client().version()).isEqualTo(1 + 12 + 1);
            assertThat(registry.findById(registered.client().clientId())).contains(replaced.client());
        }

        @Test
        void givesUpOnAStoreThatRefusesWithoutTheVersionMoving() {
            InterferingRegistry refusing = new InterferingRegistry(registry, 0);
            refusing.refuseEveryReplace = true;
            RegistrationPolicy policy = openPolicy().rotateRegistrationAccessToken(false).build();
            ClientRegistration registered = register(policy, body());
            ClientConfigurationService service = new ClientConfigurationService(refusing, policy, clock,
                    SecretGenerator.secureRandom());

            RegistrationException e = refusal(() -> service.replace(registered.client().clientId(),
                    tokenOf(registered), body("client_name", "never")));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(refusing.replaceCalls).isBetween(2, 10);
            assertThat(registry.findById(registered.client().clientId())).contains(registered.client());
        }

        @Test
        void withRotationTheLoserHoldsAStaleTokenAndGetsInvalidToken() {
            RegistrationPolicy policy = openPolicy().build();
            ClientRegistration registered = register(policy, body());
            String clientId = registered.client().clientId();
            ClientConfigurationService service = configuration(policy);
            ClientRegistration winner = service.replace(clientId, tokenOf(registered), body("client_name", "first"));

            assertThat(refusal(() -> service.replace(clientId, tokenOf(registered), body("client_name", "second")))
                    .error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(registry.findById(clientId)).contains(winner.client());
        }
    }

    /** Lets another writer update the client just before each of the first {@code n} replaces. */
    static final class InterferingRegistry extends ForwardingClientRegistry {

        private int interferences;
        private boolean refuseEveryReplace;
        private int replaceCalls;

        InterferingRegistry(InMemoryClientRegistry delegate, int interferences) {
            super(delegate);
            this.interferences = interferences;
        }

        @Override
        public synchronized boolean replace(RegisteredClient client, long expectedVersion) {
            replaceCalls++;
            if (refuseEveryReplace) {
                return false;
            }
            if (interferences > 0) {
                interferences--;
                RegisteredClient stored = delegate.findById(client.clientId()).orElseThrow();
                assertThat(delegate.replace(stored.toBuilder().version(stored.version() + 1).build(),
                        stored.version())).isTrue();
            }
            return delegate.replace(client, expectedVersion);
        }
    }

    @Nested
    @DisplayName("delete")
    class Delete {

        final RegistrationPolicy policy = openPolicy().build();
        final ClientConfigurationService service = configuration(policy);

        @Test
        void removesTheClientAndItsTokenIsThenInvalid() {
            ClientRegistration registered = register(policy, body());
            String clientId = registered.client().clientId();

            service.delete(clientId, tokenOf(registered));

            assertThat(registry.findById(clientId)).isEmpty();
            assertThat(refusal(() -> service.read(clientId, tokenOf(registered))).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(refusal(() -> service.delete(clientId, tokenOf(registered))).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
        }

        @Test
        void withAWrongTokenIsInvalidTokenAndKeepsTheClient() {
            ClientRegistration registered = register(policy, body());

            assertThat(refusal(() -> service.delete(registered.client().clientId(),
                    Optional.of(UUID.randomUUID().toString()))).error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(registry.findById(registered.client().clientId())).isPresent();
        }
    }

    @Nested
    @DisplayName("when management is off")
    class ManagementOff {

        @Test
        void readReplaceAndDeleteAreNotFound() {
            RegistrationPolicy off = openPolicy().managementEnabled(false).build();
            ClientConfigurationService service = configuration(off);
            String clientId = register(off, body()).client().clientId();
            Optional<String> token = Optional.of(UUID.randomUUID().toString());

            assertThat(service.enabled()).isFalse();
            List<ThrowingCallable> calls = List.of(() -> service.read(clientId, token),
                    () -> service.replace(clientId, token, body()), () -> service.delete(clientId, token));
            for (ThrowingCallable call : calls) {
                RegistrationException e = refusal(call);
                assertThat(e.error()).isEqualTo(RegistrationError.NOT_FOUND);
            }
            assertThat(registry.findById(clientId)).isPresent();
        }

        @Test
        void registrationDisabledMakesManagementNotFoundToo() {
            ClientConfigurationService service = configuration(RegistrationPolicy.builder().build());

            assertThat(service.enabled()).isFalse();
            assertThat(refusal(() -> service.read("any", Optional.of("token"))).error())
                    .isEqualTo(RegistrationError.NOT_FOUND);
            assertThat(refusal(service::requireEnabled).error()).isEqualTo(RegistrationError.NOT_FOUND);
            assertThat(refusal(() -> service.checkBeforeBody(Optional.of("token"))).error())
                    .isEqualTo(RegistrationError.NOT_FOUND);
        }

        @Test
        void isOnWithTheDefaults() {
            assertThat(configuration(openPolicy().build()).enabled()).isTrue();
        }
    }

    /** A clock a test moves forward by hand, so nothing ever waits for time to pass. */
    static final class SteppingClock extends Clock {

        private volatile Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed by these tests");
        }
    }
}
