package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Clients unused since a cutoff were deleted (DESIGN §10, reaping), on a schedule or on an
 * operator's request; published by {@code ClientReaper} once per reaping, with count 0 when there
 * was nothing to delete. When the store fails part-way, the clients deleted before the failure
 * are published in this event, followed by a {@link StoreFailed} with operation {@code reap}.
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
