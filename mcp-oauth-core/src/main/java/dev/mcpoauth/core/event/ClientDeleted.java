package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client deleted its registration (RFC 7592 §2.3), or an operator deleted it.
 *
 * @param at when
 * @param client the client
 * @param callerKey the caller's key, where known
 */
public record ClientDeleted(Instant at, ClientSummary client, Optional<String> callerKey) implements RegistrationEvent {

    /** Checks every part is present. */
    public ClientDeleted {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(callerKey, "callerKey");
    }
}
