package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.registration.RegistrationError;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * An error response handler for Spring Authorization Server's endpoints that answers a throttled
 * Client ID Metadata Document fetch (DESIGN §9: {@link MetadataDocumentException.Failure#RATE_LIMITED}
 * or {@link MetadataDocumentException.Failure#OVERLOADED}) with {@code 429 Too Many Requests},
 * {@code Retry-After} in seconds and an RFC 6749 §5.2-shaped JSON body
 * ({@code {"error":"too_many_requests","error_description":…}}, the code the registration endpoint
 * uses for its own 429), so that the client retries later instead of discarding its
 * {@code client_id}. Every other failure goes to the handler it wraps.
 *
 * <p>{@link McpAuthorizationServer} installs one on the authorization endpoint, the token endpoint
 * and client authentication. To use an error response handler of your own on one of them, set it
 * after applying {@code McpAuthorizationServer}, wrapped: {@code new ThrottledClientFailureHandler(yours)}.
 * Thread-safe when the wrapped handler is.
 */
public final class ThrottledClientFailureHandler implements AuthenticationFailureHandler {

    /** The {@code error} of the 429 answer, the same as the registration endpoint's. */
    public static final String ERROR_CODE = RegistrationError.TOO_MANY_REQUESTS.code();

    private static final int MAX_CAUSES = 8;

    private final AuthenticationFailureHandler otherwise;
    private final OAuth2ErrorHttpMessageConverter json = new OAuth2ErrorHttpMessageConverter();

    /**
     * A handler answering throttled fetches itself and handing every other failure on.
     *
     * @param otherwise answers every failure that is not a throttled metadata document fetch
     */
    public ThrottledClientFailureHandler(AuthenticationFailureHandler otherwise) {
        this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException, ServletException {
        Optional<MetadataDocumentException> throttled = throttled(exception);
        if (throttled.isEmpty()) {
            otherwise.onAuthenticationFailure(request, response, exception);
            return;
        }
        MetadataDocumentException cause = throttled.get();
        long seconds = cause.retryAfter().map(ThrottledClientFailureHandler::roundedUpSeconds).orElse(1L);
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        out.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        out.getHeaders().set("Retry-After", Long.toString(seconds));
        out.getHeaders().setCacheControl("no-store");
        json.write(new OAuth2Error(ERROR_CODE, cause.description(), null), null, out);
    }

    /** The throttled metadata document failure behind {@code failure}, if that is what it is. */
    static Optional<MetadataDocumentException> throttled(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof MetadataDocumentException document) {
                return document.isThrottled() ? Optional.of(document) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static long roundedUpSeconds(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
