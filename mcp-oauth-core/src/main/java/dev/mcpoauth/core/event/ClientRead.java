package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client read its registration (RFC 7592 §2.1).
 *
 * @param at when
 * @param client the client
 * @param callerKey the caller's key, where known
 */
public record ClientRead(Instant at, ClientSummary client, Optional<String> callerKey) implements RegistrationEvent {

    /** Checks every part is present. */
    public ClientRead {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(callerKey, "callerKey");
    }
}
