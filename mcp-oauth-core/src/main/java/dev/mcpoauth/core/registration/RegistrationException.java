package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import java.util.Objects;
import java.util.Optional;

/**
 * A protocol outcome that refuses a registration or management request: what went wrong (an
 * RFC error code, {@link RegistrationError}), whether credentials were presented, and a
 * description that names the field and the rule. It carries no HTTP status: a binding maps it.
 * The description is safe to log and to send to the client: it never holds a credential, a line
 * break, or more than a short prefix of the offending value.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2, client registration error response</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-2">RFC 7592 §2, client configuration endpoint</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1, bearer token error codes</a>
 */
public final class RegistrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RegistrationError error;
    private final boolean credentialsPresented;
    private final transient RateLimitDecision rateLimit;

    /**
     * @param error what went wrong
     * @param description what a client may be told about it: the field and the rule, no credential
     */
    public RegistrationException(RegistrationError error, String description) {
        this(error, description, true, null);
    }

    private RegistrationException(RegistrationError error, String description, boolean credentialsPresented,
            RateLimitDecision rateLimit) {
        super(Objects.requireNonNull(description), null, false, false);
        this.error = Objects.requireNonNull(error);
        this.credentialsPresented = credentialsPresented;
        this.rateLimit = rateLimit;
    }

    /** A {@code too_many_requests} outcome carrying the limiter's refusal (how long to wait). */
    public static RegistrationException rateLimited(RateLimitDecision refusal) {
        Objects.requireNonNull(refusal, "refusal");
        if (refusal.allowed()) {
            throw new IllegalArgumentException("an allowed attempt is not rate limited");
        }
        return new RegistrationException(RegistrationError.TOO_MANY_REQUESTS,
                "too many registration attempts; try again in " + refusal.retryAfterSeconds() + " s", true, refusal);
    }

    /**
     * An {@code invalid_token} outcome for a request that carried no bearer token at all
     * (<a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>).
     */
    public static RegistrationException missingToken(String description) {
        return new RegistrationException(RegistrationError.INVALID_TOKEN, description, false, null);
    }

    /** What went wrong, as the RFC error code the response carries. */
    public RegistrationError error() {
        return error;
    }

    /** The description, safe to log and to send. */
    public String description() {
        return getMessage();
    }

    /** The limiter's refusal, present exactly for {@link RegistrationError#TOO_MANY_REQUESTS}. */
    public Optional<RateLimitDecision> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /**
     * False only for {@code invalid_token} when no token was presented: RFC 6750 §3.1 then wants
     * a bare {@code Bearer} challenge without an {@code error} attribute.
     */
    public boolean credentialsPresented() {
        return credentialsPresented;
    }
}
