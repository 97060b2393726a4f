package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.CLOCK;
import static dev.mcpoauth.core.registration.Registrations.NOW;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ClientDirectory: what /authorize and /token need")
class ClientDirectoryTest {

    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    final ClientDirectory directory = new ClientDirectory(registry, CLOCK);

    ClientRegistration register(Object... members) {
        return new RegistrationService(registry, openPolicy().clientSecretLifetime(Duration.ofDays(30)).build(), CLOCK,
                SecretGenerator.secureRandom()).register(body(members), Optional.empty());
    }

    @Nested
    @DisplayName("findClient")
    class FindClient {

        @Test
        void findsARegisteredClient() {
            RegisteredClient client = register().client();

            assertThat(directory.findClient(client.clientId())).contains(client);
        }

        @Test
        void isEmptyForAnUnknownId() {
            assertThat(directory.findClient(UUID.randomUUID().toString())).isEmpty();
        }
    }

    @Nested
    @DisplayName("verifySecret")
    class VerifySecret {

        @Test
        void acceptsTheIssuedSecretAndRefusesOthers() {
            ClientRegistration registration = register("token_endpoint_auth_method", "client_secret_basic");
            String secret = registration.clientSecret().orElseThrow();

            assertThat(directory.verifySecret(registration.client(), secret)).isTrue();
            assertThat(directory.verifySecret(registration.client(), secret.substring(1))).isFalse();
            assertThat(directory.verifySecret(registration.client(), "")).isFalse();
        }

        @Test
        void refusesAnExpiredSecretByTheDirectorysClock() {
            ClientRegistration registration = register("token_endpoint_auth_method", "client_secret_post");
            ClientDirectory later = new ClientDirectory(registry,
                    Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC));

            assertThat(later.verifySecret(registration.client(), registration.clientSecret().orElseThrow())).isFalse();
        }

        @Test
        void refusesEverythingForAPublicClient() {
            assertThat(directory.verifySecret(register().client(), "anything")).isFalse();
        }
    }

    @Nested
    @DisplayName("redirectUriMatches")
    class RedirectUriMatches {

        @Test
        void matchesExactlyOrOnAnyLoopbackPort() {
            RegisteredClient client = register("redirect_uris",
                    List.of("https://client.example.com/cb", "http://127.0.0.1/callback")).client();

            assertThat(directory.redirectUriMatches(client, "https://client.example.com/cb")).isTrue();
            assertThat(directory.redirectUriMatches(client, "http://127.0.0.1:61234/callback")).isTrue();
            assertThat(directory.redirectUriMatches(client, "https://client.example.com:444/cb")).isFalse();
            assertThat(directory.redirectUriMatches(client, "http://127.0.0.1:61234/other")).isFalse();
            assertThat(directory.redirectUriMatches(client, "https://evil.example.com/cb")).isFalse();
        }
    }

    @Nested
    @DisplayName("allowsGrant")
    class AllowsGrant {

        @Test
        void allowsRegisteredGrantsCaseSensitively() {
            RegisteredClient client = register("grant_types", List.of("authorization_code", "refresh_token",
                    "urn:ietf:params:oauth:grant-type:device_code")).client();

            assertThat(directory.allowsGrant(client, "authorization_code")).isTrue();
            assertThat(directory.allowsGrant(client, "refresh_token")).isTrue();
            assertThat(directory.allowsGrant(client, "AUTHORIZATION_CODE")).isFalse();
            assertThat(directory.allowsGrant(client, "urn:ietf:params:oauth:grant-type:device_code")).isFalse();
            assertThat(directory.allowsGrant(client, "client_credentials")).isFalse();
        }

        @Test
        void doesNotAllowRefreshTokenWhenOnlyTheCodeGrantWasRegistered() {
            RegisteredClient client = register("grant_types", List.of("authorization_code")).client();

            assertThat(directory.allowsGrant(client, "refresh_token")).isFalse();
        }
    }

    @Nested
    @DisplayName("touch")
    class Touch {

        @Test
        void setsLastUsedAtToNowWithoutChangingTheVersion() {
            RegisteredClient client = register().client();
            ClientDirectory later = new ClientDirectory(registry, Clock.fixed(NOW.plusSeconds(90), ZoneOffset.UTC));

            later.touch(client.clientId());
            RegisteredClient touched = registry.findById(client.clientId()).orElseThrow();

            assertThat(touched.lastUsedAt()).contains(NOW.plusSeconds(90));
            assertThat(touched.version()).isEqualTo(client.version());
            assertThat(touched.metadata()).isEqualTo(client.metadata());
        }

        @Test
        void ignoresAnUnknownClient() {
            directory.touch(UUID.randomUUID().toString());

            assertThat(registry.count()).isZero();
        }
    }
}
