package dev.mcpoauth.core.ratelimit;

/**
 * A {@link RegistrationRateLimiter} could not decide because its backend is unreachable, slow or
 * failing. Registration then answers "temporarily unavailable" unless the operator chose to
 * fail open. The message never holds a caller key or credential.
 */
public class RateLimiterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RateLimiterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
