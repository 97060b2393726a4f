package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.CLOCK;
import static dev.mcpoauth.core.registration.Registrations.NOW;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.DuplicateClientException;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RegistrationService (RFC 7591)")
class RegistrationServiceTest {

    final InMemoryClientRegistry registry = new InMemoryClientRegistry();

    RegistrationService service(RegistrationPolicy policy) {
        return new RegistrationService(registry, policy, CLOCK, SecretGenerator.secureRandom());
    }

    static String randomToken() {
        return "iat-" + UUID.randomUUID();
    }

    RegistrationException refusal(RegistrationService service, Map<String, ?> body, Optional<String> token) {
        RegistrationException e = catchThrowableOfType(RegistrationException.class,
                () -> service.register(body, token));
        assertThat(e).as("a refusal").isNotNull();
        Registrations.assertSafeDescription(e);
        return e;
    }

    @Nested
    @DisplayName("initial access tokens")
    class InitialAccessTokens {

        @Test
        void withNoneConfiguredAPresentedTokenIsIgnored() {
            ClientRegistration registration = service(openPolicy().build()).register(body(),
                    Optional.of(randomToken()));

            assertThat(registry.findById(registration.client().clientId())).isPresent();
        }

        @Test
        void everyConfiguredTokenIsAccepted() {
            List<String> tokens = List.of(randomToken(), randomToken(), randomToken());
            RegistrationService service = service(openPolicy().initialAccessTokens(tokens).build());

            for (String token : tokens) {
                assertThat(service.register(body(), Optional.of(token)).client().clientId()).isNotEmpty();
            }
            assertThat(registry.count()).isEqualTo(3);
        }

        @Test
        void aWrongTokenIsInvalidTokenWithCredentialsPresented() {
            String wrong = randomToken();
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(randomToken())).build());

            RegistrationException e = refusal(service, body(), Optional.of(wrong));

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(e.credentialsPresented()).isTrue();
            assertThat(e.description()).doesNotContain(wrong);
            assertThat(registry.count()).isZero();
        }

        @Test
        void aTokenDifferingOnlyInCaseOrLengthIsWrong() {
            String token = randomToken();
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(token)).build());

            assertThat(refusal(service, body(), Optional.of(token.toUpperCase())).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(refusal(service, body(), Optional.of(token + "x")).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(refusal(service, body(), Optional.of(token.substring(1))).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
        }

        @Test
        void aMissingTokenIsInvalidTokenWithoutCredentialsPresented() {
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(randomToken())).build());

            RegistrationException e = refusal(service, body(), Optional.empty());

            assertThat(e.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(e.credentialsPresented()).isFalse();
        }

        @Test
        void theCheckBeforeTheBodyRefusesOnlyAMissingToken() {
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(randomToken())).build());

            RegistrationException missing = catchThrowableOfType(RegistrationException.class,
                    () -> service.checkBeforeBody(Optional.empty()));

            assertThat(missing.error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(missing.credentialsPresented()).isFalse();
            assertThatCode(() -> service.checkBeforeBody(Optional.of(randomToken()))).doesNotThrowAnyException();
            assertThatCode(() -> service(openPolicy().build()).checkBeforeBody(Optional.empty()))
                    .doesNotThrowAnyException();
        }

        @Test
        void authenticationHappensBeforeValidation() {
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(randomToken())).build());
            Map<String, Object> bad = body("redirect_uris", List.of("javascript:alert(1)"), "client_name", 42);

            assertThat(refusal(service, bad, Optional.of(randomToken())).error())
                    .isEqualTo(RegistrationError.INVALID_TOKEN);
            assertThat(refusal(service, bad, Optional.empty()).error()).isEqualTo(RegistrationError.INVALID_TOKEN);
        }

        @Test
        void aValidTokenWithABadBodyGetsTheValidationError() {
            String token = randomToken();
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(token)).build());

            assertThat(refusal(service, body("redirect_uris", List.of("javascript:alert(1)")), Optional.of(token))
                    .error()).isEqualTo(RegistrationError.INVALID_REDIRECT_URI);
        }
    }

    @Nested
    @DisplayName("when registration is disabled")
    class Disabled {

        @Test
        void theLibraryDefaultIsDisabled() {
            assertThat(RegistrationPolicy.builder().build().enabled()).isFalse();
        }

        @Test
        void everyCheckSaysNotFound() {
            RegistrationService service = service(RegistrationPolicy.builder().build());

            assertThat(catchThrowableOfType(RegistrationException.class, service::requireEnabled).error())
                    .isEqualTo(RegistrationError.NOT_FOUND);
            assertThat(catchThrowableOfType(RegistrationException.class,
                    () -> service.checkBeforeBody(Optional.empty())).error()).isEqualTo(RegistrationError.NOT_FOUND);
        }

        @Test
        void registeringIsNotFoundWhateverTheBodyOrToken() {
            String token = randomToken();
            RegistrationService service = service(RegistrationPolicy.builder()
                    .initialAccessTokens(List.of(token)).build());

            RegistrationException e = refusal(service, body(), Optional.of(token));

            assertThat(e.error()).isEqualTo(RegistrationError.NOT_FOUND);
            assertThat(refusal(service, body("client_name", 1), Optional.empty()).error())
                    .isEqualTo(RegistrationError.NOT_FOUND);
            assertThat(registry.count()).isZero();
        }
    }

    @Nested
    @DisplayName("client secrets")
    class ClientSecrets {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"client_secret_basic", "client_secret_post"})
        void areIssuedForSecretMethodsAndOnlyTheirHashIsStored(String method) {
            ClientRegistration registration = service(openPolicy().build())
                    .register(body("token_endpoint_auth_method", method), Optional.empty());
            String secret = registration.clientSecret().orElseThrow();
            RegisteredClient stored = registry.findById(registration.client().clientId()).orElseThrow();

            assertThat(stored.clientSecretHash()).isPresent().get().isNotEqualTo(secret);
            assertThat(stored.clientSecretHash().get()).doesNotContain(secret);
            assertThat(stored.verifySecret(secret, NOW)).isTrue();
            assertThat(stored.verifySecret(secret + "x", NOW)).isFalse();
            assertThat(stored.clientSecretExpiresAt()).isZero();
            assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(32);
        }

        @Test
        void areNotIssuedForPublicClients() {
            ClientRegistration registration = service(openPolicy().build()).register(body(), Optional.empty());

            assertThat(registration.clientSecret()).isEmpty();
            assertThat(registration.client().clientSecretHash()).isEmpty();
            assertThat(registration.client().clientSecretExpiresAt()).isZero();
            assertThat(registration.toResponseMap()).doesNotContainKeys("client_secret", "client_secret_expires_at");
        }

        @Test
        void expireAfterTheConfiguredLifetime() {
            RegistrationService service = service(openPolicy().clientSecretLifetime(Duration.ofHours(1)).build());

            ClientRegistration registration = service.register(body("token_endpoint_auth_method",
                    "client_secret_post"), Optional.empty());
            RegisteredClient client = registration.client();
            String secret = registration.clientSecret().orElseThrow();
            long expiresAt = NOW.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1)).getEpochSecond();

            assertThat(client.clientSecretExpiresAt()).isEqualTo(expiresAt);
            assertThat(registration.toResponseMap()).containsEntry("client_secret_expires_at", expiresAt);
            assertThat(client.verifySecret(secret, NOW)).isTrue();
            assertThat(client.verifySecret(secret, Instant.ofEpochSecond(expiresAt - 1))).isTrue();
            assertThat(client.verifySecret(secret, Instant.ofEpochSecond(expiresAt))).isFalse();
            assertThat(new ClientDirectory(registry, Clock.fixed(Instant.ofEpochSecond(expiresAt),
                    ZoneOffset.UTC)).verifySecret(client, secret)).isFalse();
        }

        @Test
        void withoutALifetimeNeverExpire() {
            ClientRegistration registration = service(openPolicy().build())
                    .register(body("token_endpoint_auth_method", "client_secret_basic"), Optional.empty());

            assertThat(registration.toResponseMap()).containsEntry("client_secret_expires_at", 0L);
            assertThat(registration.client().verifySecret(registration.clientSecret().orElseThrow(),
                    Instant.parse("2999-01-01T00:00:00Z"))).isTrue();
        }

        @Test
        void areUniquePerClient() {
            RegistrationService service = service(openPolicy().build());
            Set<String> secrets = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                secrets.add(service.register(body("token_endpoint_auth_method", "client_secret_post"),
                        Optional.empty()).clientSecret().orElseThrow());
            }
            assertThat(secrets).hasSize(50);
        }
    }

    @Nested
    @DisplayName("registration access tokens")
    class RegistrationAccessTokens {

        @Test
        void areIssuedWhenManagementIsOnAndStoredAsAHash() {
            ClientRegistration registration = service(openPolicy().build()).register(body(), Optional.empty());
            String token = registration.registrationAccessToken().orElseThrow();
            RegisteredClient stored = registry.findById(registration.client().clientId()).orElseThrow();

            assertThat(stored.registrationAccessTokenHash()).isPresent().get().isNotEqualTo(token);
            assertThat(stored.verifyRegistrationAccessToken(token)).isTrue();
            assertThat(stored.verifyRegistrationAccessToken(token + "x")).isFalse();
            assertThat(registration.toResponseMap()).containsEntry("registration_access_token", token);
        }

        @Test
        void areNotIssuedWhenManagementIsOff() {
            ClientRegistration registration = service(openPolicy().managementEnabled(false).build())
                    .register(body(), Optional.empty());

            assertThat(registration.registrationAccessToken()).isEmpty();
            assertThat(registration.client().registrationAccessTokenHash()).isEmpty();
            assertThat(registration.toResponseMap(Optional.of("https://as.example.com/register/x")))
                    .doesNotContainKeys("registration_access_token", "registration_client_uri");
        }
    }

    @Nested
    @DisplayName("the response")
    class Response {

        @Test
        void holdsExactlyTheRfcMembersForAConfidentialClient() {
            ClientRegistration registration = service(openPolicy().build()).register(
                    body("token_endpoint_auth_method", "client_secret_basic", "client_name", "Confidential"),
                    Optional.empty());
            String uri = "https://as.example.com/register/" + registration.client().clientId();

            Map<String, Object> response = registration.toResponseMap(Optional.of(uri));

            assertThat(response).containsOnlyKeys("client_id", "client_id_issued_at", "client_secret",
                    "client_secret_expires_at", "registration_access_token", "registration_client_uri",
                    "redirect_uris", "token_endpoint_auth_method", "grant_types", "response_types",
                    "application_type", "client_name");
            assertThat(response).containsEntry("client_id", registration.client().clientId())
                    .containsEntry("client_id_issued_at", NOW.getEpochSecond())
                    .containsEntry("client_secret", registration.clientSecret().orElseThrow())
                    .containsEntry("registration_client_uri", uri)
                    .doesNotContainValue(null);
        }

        @Test
        void leavesOutRegistrationClientUriWhenNotGiven() {
            ClientRegistration registration = service(openPolicy().build()).register(body(), Optional.empty());

            assertThat(registration.toResponseMap()).doesNotContainKey("registration_client_uri");
            assertThat(registration.toResponseMap(Optional.empty())).doesNotContainKey("registration_client_uri")
                    .doesNotContainValue(null);
        }

        @Test
        void neverShowsCredentialsInToString() {
            ClientRegistration registration = service(openPolicy().build()).register(
                    body("token_endpoint_auth_method", "client_secret_post"), Optional.empty());

            assertThat(registration.toString()).doesNotContain(registration.clientSecret().orElseThrow(),
                    registration.registrationAccessToken().orElseThrow());
            assertThat(registration.client().toString())
                    .doesNotContain(registration.client().clientSecretHash().orElseThrow());
        }
    }

    @Nested
    @DisplayName("the stored client")
    class StoredClient {

        @Test
        void isWhatTheRegistrationReturnsWithWholeSecondIssueTimeAndVersionOne() {
            ClientRegistration registration = service(openPolicy().build()).register(body(), Optional.empty());
            RegisteredClient client = registration.client();

            assertThat(registry.findById(client.clientId())).contains(client);
            assertThat(client.clientIdIssuedAt()).isEqualTo(NOW.truncatedTo(ChronoUnit.SECONDS));
            assertThat(client.createdAt()).isEqualTo(NOW);
            assertThat(client.updatedAt()).isEqualTo(NOW);
            assertThat(client.lastUsedAt()).isEmpty();
            assertThat(client.version()).isEqualTo(1);
        }

        @Test
        void hasAnIdOfAtLeast128RandomBitsThatIsUrlSafe() {
            RegistrationService service = service(openPolicy().build());
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                String id = service.register(body(), Optional.empty()).client().clientId();
                assertThat(id).matches("[A-Za-z0-9_-]+");
                assertThat(Base64.getUrlDecoder().decode(id)).hasSizeGreaterThanOrEqualTo(16);
                ids.add(id);
            }
            assertThat(ids).hasSize(500);
        }
    }

    @Nested
    @DisplayName("with a fixed SecretGenerator")
    class FixedSecrets {

        @Test
        void idsSecretsAndTokensComeFromTheGenerator() {
            String prefix = UUID.randomUUID() + "-";
            RegistrationService service = new RegistrationService(registry, openPolicy().build(), CLOCK,
                    new SequentialSecrets(prefix));

            ClientRegistration registration = service.register(body("token_endpoint_auth_method",
                    "client_secret_post"), Optional.empty());

            assertThat(registration.client().clientId()).isEqualTo(prefix + "id-1");
            assertThat(registration.clientSecret()).contains(prefix + "secret-1");
            assertThat(registration.registrationAccessToken()).contains(prefix + "secret-2");
        }

        @Test
        void aClashingIdIsRetriedWithANewOne() {
            String prefix = UUID.randomUUID() + "-";
            RegistrationService first = new RegistrationService(registry, openPolicy().build(), CLOCK,
                    new SequentialSecrets(prefix));
            RegistrationService second = new RegistrationService(registry, openPolicy().build(), CLOCK,
                    new SequentialSecrets(prefix));
            first.register(body(), Optional.empty());

            assertThat(second.register(body(), Optional.empty()).client().clientId()).isEqualTo(prefix + "id-2");
            assertThat(registry.count()).isEqualTo(2);
        }

        @Test
        void aGeneratorThatKeepsClashingFailsWithoutOverwriting() {
            SecretGenerator constant = new SecretGenerator() {
                @Override
                public String newClientId() {
                    return "constant-id";
                }

                @Override
                public String newSecret() {
                    return UUID.randomUUID().toString();
                }
            };
            RegistrationService service = new RegistrationService(registry, openPolicy().build(), CLOCK, constant);
            RegisteredClient original = service.register(body("client_name", "original"), Optional.empty()).client();

            assertThatThrownBy(() -> service.register(body("client_name", "other"), Optional.empty()))
                    .isInstanceOf(DuplicateClientException.class);
            assertThat(registry.findById("constant-id")).contains(original);
        }
    }
}
