package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Clients unused since a cutoff were deleted (DESIGN §10, reaping), on a schedule or on an
 * operator's request.
 *
 * @param at when
 * @param cutoff clients whose last activity was before this were candidates
 * @param count how many were deleted
 */
public record ClientsReaped(Instant at, Instant cutoff, int count) implements RegistrationEvent {

    /** Checks every part is present and the count is not negative. */
    public ClientsReaped {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cutoff, "cutoff");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
    }
}
