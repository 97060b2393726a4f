package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.registration.ClientDirectory;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;

/**
 * Turns Spring Authorization Server into an MCP authorization server over the mcp-oauth registry.
 * Apply it to the authorization server's filter chain:
 *
 * <pre>{@code
 * http.oauth2AuthorizationServer(mcpAuthorizationServer);
 * }</pre>
 *
 * <p>It sets:
 * <ul>
 *   <li>the {@link ClientDirectoryRegisteredClientRepository}: DCR clients from our store, a client
 *       whose metadata names no scope given the {@linkplain Builder#defaultScopes default scopes};</li>
 *   <li>client secrets checked against our hash ({@link McpClientSecretPasswordEncoder}), expired
 *       ones refused (RFC 7591 {@code client_secret_expires_at});</li>
 *   <li>redirect URIs matched exactly, or on any port for a registered loopback URI (RFC 8252 §7.3,
 *       {@code localhost} included);</li>
 *   <li>consent asked only when the client asks for a scope not yet granted (Spring's default
 *       refuses a public client that asks for none);</li>
 *   <li>refresh tokens for public clients, authenticated by {@code client_id} alone and rotated on
 *       every use (OAuth 2.1 §4.3.1);</li>
 *   <li>the client's last use recorded once per successful token grant;</li>
 *   <li>a throttled Client ID Metadata Document fetch answered {@code 429} with {@code Retry-After}
 *       at the authorization endpoint, the token endpoint and client authentication
 *       ({@link ThrottledClientFailureHandler} as their error response handlers, wrapping handlers
 *       that answer everything else as Spring does; set one of your own after this customizer,
 *       wrapped in a {@code ThrottledClientFailureHandler});</li>
 *   <li>{@code registration_endpoint} in Spring's RFC 8414 metadata, pointing at our endpoint,
 *       {@code none} among the token endpoint's authentication methods (public clients), and
 *       {@code client_id_metadata_document_supported} when the directory resolves Client ID
 *       Metadata Documents.</li>
 * </ul>
 * Immutable; build with {@link #builder(ClientDirectory, JwtEncoder)}.
 */
public final class McpAuthorizationServer implements Customizer<OAuth2AuthorizationServerConfigurer> {

    private final ClientDirectory directory;
    private final ClientDirectoryRegisteredClientRepository repository;
    private final PasswordEncoder passwordEncoder;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;
    private final String registrationPath;

    private McpAuthorizationServer(Builder b) {
        this.directory = b.directory;
        this.repository = new ClientDirectoryRegisteredClientRepository(b.directory, b.requireConsent, b.defaultScopes,
                b.clientCustomizer);
        this.passwordEncoder = McpClientSecretPasswordEncoder.delegating();
        JwtGenerator jwt = new JwtGenerator(b.jwtEncoder);
        if (b.jwtCustomizer != null) {
            jwt.setJwtCustomizer(b.jwtCustomizer);
        }
        this.tokenGenerator = new DelegatingOAuth2TokenGenerator(jwt, new OAuth2AccessTokenGenerator(),
                new PublicClientRefreshTokenGenerator(b.clock));
        this.registrationPath = b.registrationPath;
    }

    /**
     * @param directory the registry's view for the authorization server
     * @param jwtEncoder signs access tokens (and ID tokens); Spring Boot's {@code JWKSource} wrapped in a
     *     {@code NimbusJwtEncoder}, for example
     */
    public static Builder builder(ClientDirectory directory, JwtEncoder jwtEncoder) {
        return new Builder(directory, jwtEncoder);
    }

    /** The repository Spring's endpoints read clients from. */
    public RegisteredClientRepository registeredClientRepository() {
        return repository;
    }

    /**
     * A {@code PasswordEncoder} for both users' passwords (bcrypt) and clients' secrets (our hash):
     * expose it as the application's {@code PasswordEncoder} bean.
     */
    public PasswordEncoder passwordEncoder() {
        return passwordEncoder;
    }

    /** JWT access tokens, and refresh tokens for public clients as well as confidential ones. */
    public OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator() {
        return tokenGenerator;
    }

    @Override
    public void customize(OAuth2AuthorizationServerConfigurer server) {
        server.registeredClientRepository(repository)
                .tokenGenerator(tokenGenerator)
                .authorizationEndpoint(endpoint -> endpoint.authenticationProviders(providers -> providers.forEach(p -> {
                    if (p instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
                        request.setAuthenticationValidator(new LoopbackRedirectUriValidator(directory)
                                .andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR));
                        request.setAuthorizationConsentRequired(new ScopedConsent());
                    }
                })).errorResponseHandler(new ThrottledClientFailureHandler(new AuthorizationErrorResponseHandler())))
                .clientAuthentication(clients -> clients
                        .authenticationConverter(new PublicClientRefreshAuthentication.Converter())
                        .authenticationProviders(providers -> {
                            providers.forEach(p -> {
                                if (p instanceof ClientSecretAuthenticationProvider secrets) {
                                    secrets.setPasswordEncoder(passwordEncoder);
                                }
                            });
                            providers.add(0, new PublicClientRefreshAuthentication.Provider(repository));
                        })
                        .errorResponseHandler(new ThrottledClientFailureHandler(
                                new ClientAuthenticationErrorResponseHandler())))
                .tokenEndpoint(token -> token.accessTokenResponseHandler(
                        new LastUseRecorder(directory, new OAuth2AccessTokenResponseAuthenticationSuccessHandler()))
                        .errorResponseHandler(new ThrottledClientFailureHandler(
                                new OAuth2ErrorAuthenticationFailureHandler())))
                .authorizationServerMetadataEndpoint(metadata -> metadata.authorizationServerMetadataCustomizer(
                        document -> {
                            document.clientRegistrationEndpoint(registrationEndpoint())
                                    .tokenEndpointAuthenticationMethod(ClientAuthenticationMethod.NONE.getValue());
                            if (directory.metadataDocumentsEnabled()) {
                                document.claim("client_id_metadata_document_supported", true);
                            }
                        }));
    }

    private String registrationEndpoint() {
        AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        String issuer = context.getIssuer();
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + registrationPath;
    }

    /** Builds a {@link McpAuthorizationServer}. */
    public static final class Builder {
        private final ClientDirectory directory;
        private final JwtEncoder jwtEncoder;
        private OAuth2TokenCustomizer<JwtEncodingContext> jwtCustomizer;
        private boolean requireConsent = true;
        private List<String> defaultScopes = List.of();
        private BiConsumer<dev.mcpoauth.core.client.RegisteredClient, RegisteredClient.Builder> clientCustomizer =
                (client, builder) -> { };
        private String registrationPath = "/register";
        private Clock clock = Clock.systemUTC();

        private Builder(ClientDirectory directory, JwtEncoder jwtEncoder) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.jwtEncoder = Objects.requireNonNull(jwtEncoder, "jwtEncoder");
        }

        /** Adds claims to issued JWTs, as Spring's {@code OAuth2TokenCustomizer} bean would. */
        public Builder jwtCustomizer(OAuth2TokenCustomizer<JwtEncodingContext> customizer) {
            this.jwtCustomizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * Whether the user approves requested scopes on Spring's consent page (default true). A client
         * that asks for no scope is never shown the page.
         */
        public Builder requireConsent(boolean requireConsent) {
            this.requireConsent = requireConsent;
            return this;
        }

        /**
         * The scopes of a client whose metadata names none (default: none). MCP clients' metadata
         * documents and registrations usually carry no {@code scope}, yet ask for the MCP server's
         * {@code scopes_supported}; without a default Spring refuses those with {@code invalid_scope}.
         * A client with a {@code scope} keeps exactly its own.
         *
         * @throws IllegalArgumentException when one is not an RFC 6749 §3.3 scope token
         */
        public Builder defaultScopes(Collection<String> scopes) {
            this.defaultScopes = List.copyOf(ClientDirectoryRegisteredClientRepository.scopeTokens(
                    Objects.requireNonNull(scopes, "scopes")));
            return this;
        }

        /** Adjusts each mapped client (token lifetimes, settings), after the defaults. */
        public Builder clientCustomizer(
                BiConsumer<dev.mcpoauth.core.client.RegisteredClient, RegisteredClient.Builder> customizer) {
            this.clientCustomizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /** Path of our registration endpoint under the issuer, for the metadata (default {@code /register}). */
        public Builder registrationPath(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("registration path must start with /: " + path);
            }
            this.registrationPath = path;
            return this;
        }

        /** The clock of refresh-token lifetimes. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public McpAuthorizationServer build() {
            return new McpAuthorizationServer(this);
        }
    }
}
