package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.registration.ClientDirectory;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * A {@link RegisteredClientRepository} that reads clients from the mcp-oauth registry through
 * {@link ClientDirectory}: every client registered at the RFC 7591 endpoint is visible to Spring
 * Authorization Server, from whichever store the directory runs on, and so are clients identified
 * by a Client ID Metadata Document URL when the directory resolves them.
 *
 * <p>The mapping: Spring's {@code id} and {@code clientId} are our {@code client_id};
 * {@code client_id_issued_at}, {@code client_name}, {@code token_endpoint_auth_method},
 * {@code grant_types}, {@code redirect_uris} and the space-separated {@code scope} carry over (a
 * client whose metadata names no scope gets the configured default scopes, none unless set: MCP
 * clients' documents and registrations usually carry no scope, yet ask for the MCP server's); the
 * client secret becomes {@code {mcp-sha256}<stored hash>} (verified by
 * {@link McpClientSecretPasswordEncoder}) with {@code client_secret_expires_at} as its expiry. Every
 * client must use PKCE ({@link ClientSettings#isRequireProofKey()}, as MCP requires); consent is
 * asked for as configured; refresh tokens are rotated on use (OAuth 2.1 §4.3.1 for public clients).
 *
 * <p>{@link #save} is refused: clients register at the registration endpoint, where the
 * registration policy applies. Thread-safe.
 */
public final class ClientDirectoryRegisteredClientRepository implements RegisteredClientRepository {

    /** The {@code DelegatingPasswordEncoder} id of the hash our stores keep. */
    public static final String SECRET_ENCODING_ID = McpClientSecretPasswordEncoder.ID;

    /** The {@link ClientSettings} entry holding the mcp-oauth client the Spring client was mapped from. */
    static final String CORE_CLIENT_SETTING = "dev.mcpoauth.client";

    private final ClientDirectory directory;
    private final boolean requireConsent;
    private final Set<String> defaultScopes;
    private final BiConsumer<dev.mcpoauth.core.client.RegisteredClient, RegisteredClient.Builder> customizer;

    /**
     * A repository asking for consent when scopes are requested, with Spring's default token settings
     * except that refresh tokens are rotated.
     */
    public ClientDirectoryRegisteredClientRepository(ClientDirectory directory) {
        this(directory, true, (client, builder) -> { });
    }

    /**
     * @param directory where clients are looked up
     * @param requireConsent whether the user is asked to approve the requested scopes
     *     ({@link ClientSettings#isRequireAuthorizationConsent()})
     * @param customizer called last for each mapping, to adjust token or client settings
     */
    public ClientDirectoryRegisteredClientRepository(ClientDirectory directory, boolean requireConsent,
            BiConsumer<dev.mcpoauth.core.client.RegisteredClient, RegisteredClient.Builder> customizer) {
        this(directory, requireConsent, List.of(), customizer);
    }

    /**
     * @param directory where clients are looked up
     * @param requireConsent whether the user is asked to approve the requested scopes
     *     ({@link ClientSettings#isRequireAuthorizationConsent()})
     * @param defaultScopes the scopes of a client whose metadata names none (no {@code scope}, or one
     *     with no scope token); a client with a {@code scope} has exactly its own. Empty: such a client
     *     has no scope, and Spring refuses any it asks for with {@code invalid_scope}
     * @param customizer called last for each mapping, to adjust token or client settings
     * @throws IllegalArgumentException when a default scope is not an RFC 6749 §3.3 scope token
     */
    public ClientDirectoryRegisteredClientRepository(ClientDirectory directory, boolean requireConsent,
            Collection<String> defaultScopes,
            BiConsumer<dev.mcpoauth.core.client.RegisteredClient, RegisteredClient.Builder> customizer) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.requireConsent = requireConsent;
        this.defaultScopes = scopeTokens(Objects.requireNonNull(defaultScopes, "defaultScopes"));
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    /** The default scopes, checked as RFC 6749 §3.3 scope tokens, in order and without repeats. */
    static Set<String> scopeTokens(Collection<String> scopes) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String scope : scopes) {
            if (scope == null || scope.isEmpty() || !scope.chars().allMatch(
                    c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                throw new IllegalArgumentException("a default scope must be an RFC 6749 scope token (printable"
                        + " ASCII without space, \" or \\): " + (scope == null ? "null" : "'" + scope + "'"));
            }
            tokens.add(scope);
        }
        return Collections.unmodifiableSet(tokens);
    }

    /** The scopes given to a client whose metadata names none; empty unless configured. */
    public Set<String> defaultScopes() {
        return defaultScopes;
    }

    /**
     * Always refused: the registration endpoint (RFC 7591) is where clients are created.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("mcp-oauth clients are registered at the registration endpoint"
                + " (RFC 7591 POST /register), not through RegisteredClientRepository.save; refused to save client "
                + registeredClient.getClientId());
    }

    /**
     * Same as {@link #findByClientId}: the id is the client id.
     *
     * @throws dev.mcpoauth.core.registry.ClientRegistryUnavailableException when the store cannot be
     *     reached, so that an outage is a server error and never "unknown client"
     */
    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    /**
     * The client, or {@code null} (as the interface requires) when none has this id. With Client ID
     * Metadata Documents on, a URL id is resolved from its document (a public client).
     *
     * @throws dev.mcpoauth.core.registry.ClientRegistryUnavailableException when the store cannot be reached
     * @throws OAuth2AuthenticationException caused by the {@link MetadataDocumentException} when a URL
     *     id's document cannot be resolved, as its subtype {@link OAuth2AuthorizationCodeRequestAuthenticationException}
     *     without a request (the authorization endpoint casts every failure to it):
     *     {@code too_many_requests} when fetching it is throttled
     *     ({@link MetadataDocumentException#isThrottled()}), which {@link ThrottledClientFailureHandler}
     *     answers with 429 and {@code Retry-After}; otherwise {@code invalid_client} with the safe
     *     description (a 400 error page at {@code /oauth2/authorize}, never a redirect; 401 at
     *     {@code /oauth2/token})
     */
    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            return null;
        }
        try {
            return directory.findClient(clientId).map(this::toSpring).orElse(null);
        } catch (MetadataDocumentException e) {
            String code = e.isThrottled() ? ThrottledClientFailureHandler.ERROR_CODE : OAuth2ErrorCodes.INVALID_CLIENT;
            // the authorization endpoint casts every failure to this subtype (a plain OAuth2AuthenticationException is a
            // ClassCastException there, answered 500) and answers one without a request by a 400 error page; the token
            // endpoint handles it as the OAuth2AuthenticationException it is
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(code, e.description(), null),
                    e, null);
        }
    }

    /** The core client a Spring client was mapped from by this repository, if it was. */
    static Optional<dev.mcpoauth.core.client.RegisteredClient> coreClient(RegisteredClient client) {
        Object value = client.getClientSettings().getSetting(CORE_CLIENT_SETTING);
        return value instanceof dev.mcpoauth.core.client.RegisteredClient core ? Optional.of(core) : Optional.empty();
    }

    RegisteredClient toSpring(dev.mcpoauth.core.client.RegisteredClient client) {
        var metadata = client.metadata();
        RegisteredClient.Builder builder = RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientIdIssuedAt(client.clientIdIssuedAt())
                .clientName(metadata.clientName().orElse(client.clientId()))
                .clientAuthenticationMethod(new ClientAuthenticationMethod(metadata.tokenEndpointAuthMethod()))
                .authorizationGrantTypes(grants -> metadata.grantTypes()
                        .forEach(grant -> grants.add(new AuthorizationGrantType(grant))))
                .redirectUris(uris -> uris.addAll(metadata.redirectUris()))
                .scopes(scopes -> {
                    metadata.scope().ifPresent(
                            scope -> Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add));
                    if (scopes.isEmpty()) {
                        scopes.addAll(defaultScopes);
                    }
                })
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(requireConsent)
                        .setting(CORE_CLIENT_SETTING, client)
                        .build())
                .tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build());
        client.clientSecretHash().ifPresent(hash -> builder.clientSecret("{" + SECRET_ENCODING_ID + "}" + hash));
        if (client.clientSecretExpiresAt() != 0) {
            builder.clientSecretExpiresAt(Instant.ofEpochSecond(client.clientSecretExpiresAt()));
        }
        customizer.accept(client, builder);
        return builder.build();
    }
}
