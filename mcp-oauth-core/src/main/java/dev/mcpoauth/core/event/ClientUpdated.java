package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client replaced its registration (RFC 7592 §2.2); {@code client} is the new one.
 *
 * @param at when
 * @param client the client
 * @param callerKey the caller's key, where known
 */
public record ClientUpdated(Instant at, ClientSummary client, Optional<String> callerKey) implements RegistrationEvent {

    /** Checks every part is present. */
    public ClientUpdated {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(callerKey, "callerKey");
    }
}
