package dev.mcpoauth.spring.authorizationserver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's answer to a failure, as Spring's own: the error sent to the
 * client's redirect URI (RFC 6749 §4.1.2.1) when Spring validated one, else a {@code 400} error
 * page for the user. Unlike Spring's own, it also takes a failure that is not about the
 * authorization request itself — the repository's {@code invalid_client} for a metadata document
 * that cannot be resolved, which Spring's handler cannot cast — and answers it with the page.
 */
final class AuthorizationErrorResponseHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, exception.getMessage(), null);
        OAuth2AuthorizationCodeRequestAuthenticationToken authorization =
                exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException refused
                        ? refused.getAuthorizationCodeRequestAuthentication() : null;
        String redirectUri = authorization == null ? null : authorization.getRedirectUri();
        if (redirectUri == null || redirectUri.isBlank()) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), error.toString());
            return;
        }
        UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri)
                .queryParam(OAuth2ParameterNames.ERROR, encoded(error.getErrorCode()));
        if (error.getDescription() != null && !error.getDescription().isBlank()) {
            target.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encoded(error.getDescription()));
        }
        if (error.getUri() != null && !error.getUri().isBlank()) {
            target.queryParam(OAuth2ParameterNames.ERROR_URI, encoded(error.getUri()));
        }
        if (authorization.getState() != null && !authorization.getState().isBlank()) {
            target.queryParam(OAuth2ParameterNames.STATE, encoded(authorization.getState()));
        }
        response.sendRedirect(target.build(true).toUriString());
    }

    private static String encoded(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
