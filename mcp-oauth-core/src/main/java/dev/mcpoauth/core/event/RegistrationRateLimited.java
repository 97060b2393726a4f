package dev.mcpoauth.core.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A registration attempt was refused by the rate limit (DESIGN §10), before its body was read.
 *
 * @param at when
 * @param callerKey the key the limit counts by (an address, a /64, or a token fingerprint)
 * @param retryAfter how long until the key may try again
 */
public record RegistrationRateLimited(Instant at, String callerKey, Duration retryAfter) implements RegistrationEvent {

    /** Checks every part is present. */
    public RegistrationRateLimited {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(callerKey, "callerKey");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }
}
