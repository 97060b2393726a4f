package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A use case failed because the client registry failed: the answer is a 5xx, not a refusal.
 *
 * @param at when
 * @param operation the use case: {@code register}, {@code read}, {@code update}, {@code delete}
 *     or {@code reap}
 * @param unavailable true when the store could not be reached or did not answer in time
 *     ({@code ClientRegistryUnavailableException}), false for any other store failure
 */
public record StoreFailed(Instant at, String operation, boolean unavailable) implements RegistrationEvent {

    /** Checks every part is present. */
    public StoreFailed {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(operation, "operation");
    }
}
