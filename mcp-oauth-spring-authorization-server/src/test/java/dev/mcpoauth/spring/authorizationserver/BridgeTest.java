package dev.mcpoauth.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.client.CredentialHash;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import java.net.InetAddress;
import java.time.Clock;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.tests.TestClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;

@DisplayName("The Spring Authorization Server bridge")
class BridgeTest {

    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    private final ClientDirectory directory = new ClientDirectory(registry);
    private final ClientDirectoryRegisteredClientRepository repository =
            new ClientDirectoryRegisteredClientRepository(directory);

    private dev.mcpoauth.core.client.RegisteredClient store(dev.mcpoauth.core.client.RegisteredClient.Builder b) {
        dev.mcpoauth.core.client.RegisteredClient client = b.build();
        registry.create(client);
        return client;
    }

    @Nested
    @DisplayName("ClientDirectoryRegisteredClientRepository")
    class Repository {

        @Test
        @DisplayName("maps a public client: method none, grants, redirect URIs, scopes, issue time, PKCE, rotation")
        void mapsAPublicClient() {
            var core = store(TestClients.publicClient());
            RegisteredClient spring = repository.findByClientId(core.clientId());
            assertThat(spring.getId()).isEqualTo(core.clientId());
            assertThat(spring.getClientId()).isEqualTo(core.clientId());
            assertThat(spring.getClientIdIssuedAt()).isEqualTo(core.clientIdIssuedAt());
            assertThat(spring.getClientName()).isEqualTo("Claude Code (test)");
            assertThat(spring.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
            assertThat(spring.getAuthorizationGrantTypes()).containsExactlyInAnyOrder(
                    AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
            assertThat(spring.getRedirectUris()).containsExactly("http://localhost:58621/callback");
            assertThat(spring.getScopes()).containsExactly("mcp:tools");
            assertThat(spring.getClientSecret()).isNull();
            assertThat(spring.getClientSettings().isRequireProofKey()).isTrue();
            assertThat(spring.getTokenSettings().isReuseRefreshTokens()).isFalse();
            assertThat(repository.findById(core.clientId())).isNotNull();
        }

        @Test
        @DisplayName("maps a confidential client's secret to {mcp-sha256}<hash> and its expiry")
        void mapsAConfidentialClient() {
            var core = store(TestClients.confidentialClient());
            RegisteredClient spring = repository.findByClientId(core.clientId());
            assertThat(spring.getClientSecret()).isEqualTo("{mcp-sha256}" + core.clientSecretHash().orElseThrow());
            assertThat(spring.getClientSecretExpiresAt()).isEqualTo(Instant.ofEpochSecond(core.clientSecretExpiresAt()));
            assertThat(spring.getClientAuthenticationMethods())
                    .containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }

        @Test
        @DisplayName("an unknown client is null, as Spring's interface wants")
        void unknownClient() {
            assertThat(repository.findByClientId(TestClients.randomClientId())).isNull();
            assertThat(repository.findByClientId("")).isNull();
        }

        @Test
        @DisplayName("a metadata document URL whose origin does not answer is invalid_client with the safe description")
        void metadataDocumentFailureIsInvalidClient() {
            var documents = ClientIdMetadataDocuments.builder(request -> {
                throw new MetadataDocumentFetchException(MetadataDocumentFetchException.Reason.UNREACHABLE,
                        "connection refused (test)", null);
            }).hostResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34})))
                    .build();
            var withDocuments = new ClientDirectoryRegisteredClientRepository(
                    new ClientDirectory(registry, documents, Clock.systemUTC()));
            // the subtype without a request: what Spring's authorization endpoint answers with a 400 error page
            // (any other OAuth2AuthenticationException is a 500 there); the example's ExampleCimdFlowsIT checks the page
            assertThatThrownBy(() -> withDocuments.findByClientId("https://client.example.com/oauth/metadata.json"))
                    .isInstanceOfSatisfying(OAuth2AuthorizationCodeRequestAuthenticationException.class, e -> {
                        assertThat(e.getError().getErrorCode()).isEqualTo("invalid_client");
                        assertThat(e.getError().getDescription()).isNotBlank().doesNotContain("93.184");
                        assertThat(e.getAuthorizationCodeRequestAuthentication()).as("no redirect URI to send it to")
                                .isNull();
                    });
        }

        @Test
        @DisplayName("a client whose metadata names no scope gets the default scopes; one with a scope keeps its own")
        void defaultScopesForScopelessClients() {
            var withDefaults = new ClientDirectoryRegisteredClientRepository(directory, true,
                    List.of("mcp:tools", "mcp:resources", "mcp:tools"), (c, b) -> { });
            var scopeless = TestClients.publicClient();
            var noScope = store(scopeless.metadata(scopeless.build().metadata().toBuilder()
                    .scope(Optional.empty()).build()));
            assertThat(withDefaults.findByClientId(noScope.clientId()).getScopes())
                    .containsExactlyInAnyOrder("mcp:tools", "mcp:resources");
            assertThat(repository.findByClientId(noScope.clientId()).getScopes()).as("no default: today's mapping")
                    .isEmpty();
            var own = store(TestClients.publicClient());
            var ownMetadata = own.metadata().toBuilder().scope("openid profile").build();
            var openid = store(TestClients.publicClient().metadata(ownMetadata));
            assertThat(withDefaults.findByClientId(openid.clientId()).getScopes())
                    .containsExactlyInAnyOrder("openid", "profile");
            assertThat(withDefaults.findByClientId(own.clientId()).getScopes()).containsExactly("mcp:tools");
            var blank = store(TestClients.publicClient().metadata(ownMetadata.toBuilder().scope(" ").build()));
            assertThat(withDefaults.findByClientId(blank.clientId()).getScopes()).as("a scope with no scope token")
                    .containsExactlyInAnyOrder("mcp:tools", "mcp:resources");
            assertThat(withDefaults.defaultScopes()).containsExactly("mcp:tools", "mcp:resources");
        }

        @Test
        @DisplayName("a default scope that is not an RFC 6749 scope token is refused at construction")
        void defaultScopesAreScopeTokens() {
            for (String bad : new String[] {"", "mcp tools", "mcp\"tools", "mcp\\tools", "mcp:tööls", null}) {
                List<String> scopes = new ArrayList<>();
                scopes.add(bad);
                assertThatThrownBy(() -> new ClientDirectoryRegisteredClientRepository(directory, true, scopes,
                        (c, b) -> { })).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("scope token");
                var builder = McpAuthorizationServer.builder(directory, parameters -> {
                    throw new IllegalStateException("not signing in this test");
                });
                assertThatThrownBy(() -> builder.defaultScopes(scopes)).isInstanceOf(IllegalArgumentException.class);
            }
        }

        @Test
        @DisplayName("save is refused, pointing at the registration endpoint")
        void saveRefused() {
            var core = store(TestClients.publicClient());
            RegisteredClient spring = repository.findByClientId(core.clientId());
            assertThatThrownBy(() -> repository.save(spring)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("/register").hasMessageContaining(core.clientId());
        }
    }

    @Nested
    @DisplayName("client secrets")
    class Secrets {

        private final PasswordEncoder encoder = McpClientSecretPasswordEncoder.delegating();

        @Test
        @DisplayName("the stored hash verifies the right secret, not a wrong one")
        void verifiesOurHash() {
            String encoded = "{mcp-sha256}" + CredentialHash.of("s3cret-with-256-bits");
            assertThat(encoder.matches("s3cret-with-256-bits", encoded)).isTrue();
            assertThat(encoder.matches("s3cret-with-256-bitz", encoded)).isFalse();
        }

        @Test
        @DisplayName("never asks to upgrade a client secret's hash, still upgrades nothing else by surprise")
        void noUpgradeOfClientSecrets() {
            assertThat(encoder.upgradeEncoding("{mcp-sha256}" + CredentialHash.of("x"))).isFalse();
            String bcrypt = encoder.encode("demo-password");
            assertThat(bcrypt).startsWith("{bcrypt}");
            assertThat(encoder.matches("demo-password", bcrypt)).isTrue();
            assertThat(encoder.upgradeEncoding(bcrypt)).isFalse();
        }
    }

    @Nested
    @DisplayName("authorization requests")
    class AuthorizationRequests {

        private OAuth2AuthorizationCodeRequestAuthenticationContext context(RegisteredClient client, String redirect,
                Set<String> scopes) {
            var token = new OAuth2AuthorizationCodeRequestAuthenticationToken("https://as.example/oauth2/authorize",
                    client.getClientId(), new TestingAuthenticationToken("demo", "x"), redirect, "state", scopes,
                    Map.of());
            return OAuth2AuthorizationCodeRequestAuthenticationContext.with(token).registeredClient(client)
                    .authorizationRequest(OAuth2AuthorizationRequest.authorizationCode()
                            .authorizationUri("https://as.example/oauth2/authorize").clientId(client.getClientId())
                            .redirectUri(redirect).scopes(scopes).build())
                    .build();
        }

        @Test
        @DisplayName("a registered loopback URI matches on any port, localhost included (RFC 8252 §7.3)")
        void loopbackAnyPort() {
            var core = store(TestClients.publicClient());
            RegisteredClient client = repository.findByClientId(core.clientId());
            var validator = new LoopbackRedirectUriValidator(directory);
            validator.accept(context(client, "http://localhost:60001/callback", Set.of()));
            validator.accept(context(client, "http://localhost:58621/callback", Set.of()));
        }

        @Test
        @DisplayName("another path, host or scheme is invalid_request with no redirect URI to send the error to")
        void mismatchRefused() {
            var core = store(TestClients.publicClient());
            RegisteredClient client = repository.findByClientId(core.clientId());
            var validator = new LoopbackRedirectUriValidator(directory);
            for (String bad : List.of("http://localhost:60001/other", "http://evil.example:58621/callback",
                    "https://localhost:58621/callback")) {
                assertThatThrownBy(() -> validator.accept(context(client, bad, Set.of())))
                        .isInstanceOfSatisfying(OAuth2AuthorizationCodeRequestAuthenticationException.class, e -> {
                            assertThat(e.getError().getErrorCode()).isEqualTo("invalid_request");
                            assertThat(e.getAuthorizationCodeRequestAuthentication().getRedirectUri()).isNull();
                        });
            }
        }

        @Test
        @DisplayName("consent is skipped when no scope is requested, asked for when one is")
        void consentOnlyForScopes() {
            var core = store(TestClients.publicClient());
            RegisteredClient client = repository.findByClientId(core.clientId());
            ScopedConsent consent = new ScopedConsent();
            assertThat(consent.test(context(client, "http://localhost:1/callback", Set.of()))).isFalse();
            assertThat(consent.test(context(client, "http://localhost:1/callback", Set.of("openid")))).isFalse();
            assertThat(consent.test(context(client, "http://localhost:1/callback", Set.of("mcp:tools")))).isTrue();
            RegisteredClient noConsent = new ClientDirectoryRegisteredClientRepository(directory, false, (c, b) -> { })
                    .findByClientId(core.clientId());
            assertThat(consent.test(context(noConsent, "http://localhost:1/callback", Set.of("mcp:tools")))).isFalse();
        }
    }

    @Nested
    @DisplayName("token endpoint")
    class TokenEndpoint {

        @Test
        @DisplayName("a public client gets a refresh token after the authorization-code grant")
        void refreshTokenForPublicClients() {
            var core = store(TestClients.publicClient());
            RegisteredClient client = repository.findByClientId(core.clientId());
            var principal = new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            var context = DefaultOAuth2TokenContext.builder().registeredClient(client).principal(principal)
                    .tokenType(OAuth2TokenType.REFRESH_TOKEN).authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrant(new OAuth2AuthorizationCodeAuthenticationToken("code", principal,
                            "http://localhost:1/callback", Map.of()))
                    .build();
            OAuth2RefreshToken token = new PublicClientRefreshTokenGenerator().generate(context);
            assertThat(token).isNotNull();
            assertThat(token.getTokenValue()).hasSizeGreaterThanOrEqualTo(128);
            assertThat(token.getExpiresAt()).isAfter(token.getIssuedAt());
        }

        @Test
        @DisplayName("a refresh request with only a client_id authenticates a public client, never a confidential one")
        void publicClientRefreshAuthentication() {
            var publicClient = store(TestClients.publicClient());
            var confidential = store(TestClients.confidentialClient());
            var converter = new PublicClientRefreshAuthentication.Converter();
            var provider = new PublicClientRefreshAuthentication.Provider(repository);

            var authenticated = provider.authenticate(converter.convert(refreshRequest(publicClient.clientId())));
            assertThat(authenticated.isAuthenticated()).isTrue();
            assertThat(((OAuth2ClientAuthenticationToken) authenticated).getRegisteredClient().getClientId())
                    .isEqualTo(publicClient.clientId());

            var confidentialAttempt = converter.convert(refreshRequest(confidential.clientId()));
            assertThatThrownBy(() -> provider.authenticate(confidentialAttempt))
                    .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                            e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_client"));

            MockHttpServletRequest withSecret = refreshRequest(confidential.clientId());
            withSecret.addParameter("client_secret", "x");
            assertThat(converter.convert(withSecret)).as("left to Spring's secret authentication").isNull();
        }

        @Test
        @DisplayName("records the client's last use once per successful token response")
        void lastUsePerGrant() throws Exception {
            var core = store(TestClients.publicClient());
            RegisteredClient client = repository.findByClientId(core.clientId());
            int[] written = {0};
            var recorder = new LastUseRecorder(directory, (request, response, authentication) -> written[0]++);
            var principal = new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            var grant = new OAuth2AccessTokenAuthenticationToken(client, principal, new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER, "t", Instant.now(), Instant.now().plusSeconds(60)));
            assertThat(registry.findById(core.clientId()).orElseThrow().lastUsedAt()).isEqualTo(Optional.empty());

            recorder.onAuthenticationSuccess(new MockHttpServletRequest(), new MockHttpServletResponse(), grant);

            assertThat(registry.findById(core.clientId()).orElseThrow().lastUsedAt()).isPresent();
            assertThat(written[0]).isEqualTo(1);
        }

        private MockHttpServletRequest refreshRequest(String clientId) {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
            request.addParameter("grant_type", "refresh_token");
            request.addParameter("refresh_token", "r");
            request.addParameter("client_id", clientId);
            return request;
        }
    }

    @Test
    @DisplayName("the builder refuses a registration path that does not start with /")
    void builderChecksTheRegistrationPath() {
        var builder = McpAuthorizationServer.builder(directory, parameters -> {
            throw new IllegalStateException("not signing in this test");
        });
        assertThatThrownBy(() -> builder.registrationPath("register")).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.registrationPath("/oauth/register").build().registeredClientRepository())
                .isInstanceOf(ClientDirectoryRegisteredClientRepository.class);
    }

    @Test
    @DisplayName("the builder's default scopes reach its repository")
    void builderPassesDefaultScopes() {
        var scopeless = TestClients.publicClient();
        var noScope = store(scopeless.metadata(scopeless.build().metadata().toBuilder().scope(Optional.empty()).build()));
        var server = McpAuthorizationServer.builder(directory, parameters -> {
            throw new IllegalStateException("not signing in this test");
        }).defaultScopes(List.of("mcp:tools")).build();
        assertThat(server.registeredClientRepository().findByClientId(noScope.clientId()).getScopes())
                .containsExactly("mcp:tools");
    }
}
