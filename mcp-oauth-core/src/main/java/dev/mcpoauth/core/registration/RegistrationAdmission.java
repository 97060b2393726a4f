package dev.mcpoauth.core.registration;

import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proof that a registration attempt passed authentication and the rate limit, from
 * {@link RegistrationService#admit}: lets a host check a caller before it reads the request
 * body, then register with {@link RegistrationService#register(RegistrationAdmission, java.util.Map)}.
 * Good for one registration on the service that issued it.
 */
public final class RegistrationAdmission {

    private final RegistrationService issuer;
    private final String callerKey;
    private final Optional<RateLimitDecision> rateLimit;
    private final AtomicBoolean used = new AtomicBoolean();

    RegistrationAdmission(RegistrationService issuer, String callerKey, Optional<RateLimitDecision> rateLimit) {
        this.issuer = Objects.requireNonNull(issuer);
        this.callerKey = Objects.requireNonNull(callerKey);
        this.rateLimit = Objects.requireNonNull(rateLimit);
    }

    /** The key the attempt was counted against, e.g. {@code address:203.0.113.7}; safe to log. */
    public String callerKey() {
        return callerKey;
    }

    /**
     * The limiter's decision, with the permits left for the {@code RateLimit} header; empty when
     * no limiter is configured or it was unavailable and the service fails open.
     */
    public Optional<RateLimitDecision> rateLimit() {
        return rateLimit;
    }

    void use(RegistrationService service) {
        if (service != issuer) {
            throw new IllegalArgumentException("the admission was issued by another RegistrationService");
        }
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("an admission is good for one registration");
        }
    }
}
