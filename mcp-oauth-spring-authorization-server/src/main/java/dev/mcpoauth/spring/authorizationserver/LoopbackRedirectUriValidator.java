package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.registration.ClientDirectory;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The {@code redirect_uri} check of Spring's authorization endpoint, by the registry's rule
 * ({@link ClientDirectory#redirectUriMatches}): exact match, or any port for a registered loopback
 * URI ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}; RFC 8252 §7.3). Spring's
 * {@link OAuth2AuthorizationCodeRequestAuthenticationValidator#DEFAULT_REDIRECT_URI_VALIDATOR} gives
 * no port freedom to {@code http://localhost/...}, which MCP clients such as Claude Code register.
 * A mismatch is {@code invalid_request} answered to the browser, never redirected (RFC 6749 §4.1.2.1).
 */
final class LoopbackRedirectUriValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

    private final ClientDirectory directory;

    LoopbackRedirectUriValidator(ClientDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        RegisteredClient client = context.getRegisteredClient();
        String presented = request.getRedirectUri();
        if (presented == null || presented.isEmpty()) {
            // RFC 6749 §3.1.2.3: optional only when exactly one is registered; OpenID Connect always requires it
            if (client.getRedirectUris().size() != 1 || request.getScopes().contains(OidcScopes.OPENID)) {
                throw refusal(request);
            }
            return;
        }
        var core = ClientDirectoryRegisteredClientRepository.coreClient(client)
                .or(() -> directory.findClient(client.getClientId()));
        if (core.isEmpty() || !directory.redirectUriMatches(core.get(), presented)) {
            throw refusal(request);
        }
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
            OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                "OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, ERROR_URI);
        // no redirect URI in the result: the error goes to the browser, not to an unverified URI
        OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
                request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(), null,
                request.getState(), request.getScopes(), request.getAdditionalParameters());
        result.setAuthenticated(true);
        return new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
    }
}
