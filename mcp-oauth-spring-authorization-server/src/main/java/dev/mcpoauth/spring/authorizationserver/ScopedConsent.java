package dev.mcpoauth.spring.authorizationserver;

import java.util.Set;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

/**
 * When Spring's authorization endpoint shows the consent page: only when the client requires
 * consent and asks for a scope (other than {@code openid}) the user has not yet granted it. Spring's
 * default also asks when no scope is requested, and then refuses the empty approval with
 * {@code access_denied}: every MCP client that asks for no scope would fail.
 */
final class ScopedConsent implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
            return false;
        }
        Set<String> requested = context.getAuthorizationRequest().getScopes();
        if (requested.isEmpty() || (requested.size() == 1 && requested.contains(OidcScopes.OPENID))) {
            return false;
        }
        OAuth2AuthorizationConsent granted = context.getAuthorizationConsent();
        return granted == null || !granted.getScopes().containsAll(requested);
    }
}
