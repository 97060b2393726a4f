package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.cimd.MetadataDocumentException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Client authentication's answer to a failure, as Spring's own: {@code 401} for
 * {@code invalid_client}, else {@code 400}, with the error code as JSON (RFC 6749 §5.2). A failure
 * to resolve a Client ID Metadata Document also carries its safe description (DESIGN §9: a clear
 * description), which says why the client is not accepted.
 */
final class ClientAuthenticationErrorResponseHandler implements AuthenticationFailureHandler {

    private final OAuth2ErrorHttpMessageConverter json = new OAuth2ErrorHttpMessageConverter();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        SecurityContextHolder.clearContext();
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        out.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode()) ? HttpStatus.UNAUTHORIZED
                : HttpStatus.BAD_REQUEST);
        boolean fromDocument = exception.getCause() instanceof MetadataDocumentException;
        json.write(fromDocument ? error : new OAuth2Error(error.getErrorCode()), null, out);
    }
}
