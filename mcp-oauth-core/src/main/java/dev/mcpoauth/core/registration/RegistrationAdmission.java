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
 *
 * <p>When the registry takes the limiter's permits in its write
 * ({@link dev.mcpoauth.core.registry.ClientRegistry#takesPermitsOf}), admission only rules out
 * callers the limiter already knows to be refused, and the permit is taken by
 * {@code register}: then {@link #rateLimit()} is empty until {@code register} returns.
 */
public final class RegistrationAdmission {

    private final RegistrationService issuer;
    private final String callerKey;
    private final boolean permitPending;
    private volatile Optional<RateLimitDecision> rateLimit;
    private final AtomicBoolean used = new AtomicBoolean();

    RegistrationAdmission(RegistrationService issuer, String callerKey, Optional<RateLimitDecision> rateLimit) {
        this(issuer, callerKey, rateLimit, false);
    }

    private RegistrationAdmission(RegistrationService issuer, String callerKey, Optional<RateLimitDecision> rateLimit,
            boolean permitPending) {
        this.issuer = Objects.requireNonNull(issuer);
        this.callerKey = Objects.requireNonNull(callerKey);
        this.rateLimit = Objects.requireNonNull(rateLimit);
        this.permitPending = permitPending;
    }

    /** An admission whose permit is still to be taken, by the write or on its own. */
    static RegistrationAdmission permitPending(RegistrationService issuer, String callerKey) {
        return new RegistrationAdmission(issuer, callerKey, Optional.empty(), true);
    }

    /** Whether the rate limit's permit is still to be taken by {@code register}. */
    boolean isPermitPending() {
        return permitPending;
    }

    /** Records the decision {@code register} took for a pending permit. */
    void settle(RateLimitDecision decision) {
        this.rateLimit = Optional.of(decision);
    }

    /** The key the attempt was counted against, e.g. {@code address:203.0.113.7}; safe to log. */
    public String callerKey() {
        return callerKey;
    }

    /**
     * The limiter's decision, with the permits left for the {@code RateLimit} header; empty when
     * no limiter is configured, when it was unavailable and the service fails open, and, for a
     * permit taken in the write, until the registration is stored.
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
