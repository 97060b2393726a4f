package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client registered (RFC 7591 §3.2.1).
 *
 * @param at when
 * @param client the new client
 * @param confidential whether it was issued a client secret
 * @param callerKey the caller's rate-limit key (address or token fingerprint), where known
 */
public record ClientRegistered(Instant at, ClientSummary client, boolean confidential, Optional<String> callerKey)
        implements RegistrationEvent {

    /** Checks every part is present. */
    public ClientRegistered {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(callerKey, "callerKey");
    }
}
