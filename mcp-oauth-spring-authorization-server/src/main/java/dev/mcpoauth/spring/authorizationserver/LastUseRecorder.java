package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.registration.ClientDirectory;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The token endpoint's success handler: records the client's use ({@link ClientDirectory#touch})
 * once per successful token grant, then writes the response with Spring's handler. A store that
 * cannot record the use does not fail the grant: the tokens are already issued.
 */
final class LastUseRecorder implements AuthenticationSuccessHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LastUseRecorder.class);

    private final ClientDirectory directory;
    private final AuthenticationSuccessHandler response;

    LastUseRecorder(ClientDirectory directory, AuthenticationSuccessHandler response) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.response = Objects.requireNonNull(response, "response");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse httpResponse,
            Authentication authentication) throws IOException, ServletException {
        if (authentication instanceof OAuth2AccessTokenAuthenticationToken grant) {
            String clientId = grant.getRegisteredClient().getClientId();
            try {
                directory.touch(clientId);
            } catch (RuntimeException e) {
                LOG.warn("Could not record the use of client {} ({})", clientId, e.getClass().getSimpleName());
            }
        }
        response.onAuthenticationSuccess(request, httpResponse, authentication);
    }
}
